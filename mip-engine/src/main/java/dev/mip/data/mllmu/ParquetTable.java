package dev.mip.data.mllmu;

import dev.mip.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads the rows of one Parquet file: checks that the columns a split needs are there with the
 * right shape, reads only those (so extra columns cost nothing, and a split whose IDs alone are
 * needed skips its images), and hands back plain Java rows. Uses parquet-java's
 * {@link ParquetFileReader} on a {@link LocalInputFile} with {@link PureJavaCodecs}: no Hadoop
 * file system, configuration files or native code is involved.
 */
final class ParquetTable {
    private static final String FIX_DOWNLOAD = "Re-download the file from Hugging Face (MLLMMU/MLLMU-Bench); an interrupted "
            + "download or a file that is not Parquet gives this error";

    private static final String LFS_POINTER = "version https://git-lfs.github.com/spec/";

    private ParquetTable() {}

    /**
     * @param file the Parquet file
     * @param source its path relative to the benchmark directory (for image ids)
     * @param split the split it belongs to (for messages)
     * @param columns the columns to read; the file may have more
     * @return its rows, in file order
     * @throws InvalidInputException if the file cannot be read as Parquet, lacks a required column,
     *     has a column of the wrong shape or a compression this reader does not support
     */
    static List<Row> read(Path file, String source, String split, List<Column> columns) {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new PureJavaCodecs())
                .build();
        try (ParquetFileReader reader = ParquetFileReader.open(new NamedInputFile(file), options)) {
            ParquetMetadata footer = reader.getFooter();
            MessageType schema = footer.getFileMetaData().getSchema();
            MessageType projection = project(file, split, schema, columns);
            checkCodecs(file, footer, projection);
            reader.setRequestedSchema(projection);
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(projection, schema);
            List<Row> rows = new ArrayList<>();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(projection));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(Row.of(file, source, rows.size(), GroupValues.row(records.read())));
                }
            }
            return rows;
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // parquet-java reports bad magic numbers, truncated footers and corrupt pages as
            // IOException or one of several RuntimeExceptions; none is the user's to debug.
            if (isGitLfsPointer(file)) {
                throw new InvalidInputException(file + ": is a Git LFS pointer, not the Parquet data. Run 'git lfs pull' in the "
                        + "dataset's clone, or download it with 'huggingface-cli download MLLMMU/MLLMU-Bench --repo-type dataset'", e);
            }
            throw new InvalidInputException(file + ": cannot be read as Parquet (" + describe(e) + "). " + FIX_DOWNLOAD, e);
        }
    }

    /** A cloned Hugging Face repository without git-lfs holds small text pointers instead of the files. */
    private static boolean isGitLfsPointer(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(LFS_POINTER.length()), StandardCharsets.US_ASCII).equals(LFS_POINTER);
        } catch (IOException e) {
            return false;
        }
    }

    /** parquet-java puts the input file's {@code toString()} in its messages: make it the file name. */
    private static final class NamedInputFile extends LocalInputFile {
        private final String name;

        NamedInputFile(Path file) {
            super(file);
            this.name = String.valueOf(file.getFileName());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static MessageType project(Path file, String split, MessageType schema, List<Column> columns) {
        List<Type> fields = new ArrayList<>();
        for (Column c : columns) {
            if (!schema.containsField(c.name())) {
                if (c.required()) {
                    throw InvalidInputException.of(file, "column " + c.name(),
                            "is missing (the file has: " + names(schema) + ")",
                            "An MLLMU-Bench " + split + " file needs the columns "
                                    + columns.stream().filter(Column::required).map(Column::name).collect(Collectors.joining(", "))
                                    + ". Re-download the split from Hugging Face (MLLMMU/MLLMU-Bench), or fix the tool that wrote it");
                }
                continue;
            }
            Type t = schema.getType(c.name());
            if (!c.kind().matches(t)) {
                throw InvalidInputException.of(file, "column " + c.name(),
                        "is " + Column.describe(t) + ", expected " + c.kind().description(),
                        "Use the MLLMU-Bench schema as published on Hugging Face (MLLMMU/MLLMU-Bench)");
            }
            fields.add(t);
        }
        return new MessageType(schema.getName(), fields);
    }

    private static void checkCodecs(Path file, ParquetMetadata footer, MessageType projection) {
        for (BlockMetaData block : footer.getBlocks()) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                String top = chunk.getPath().toArray()[0];
                if (projection.containsField(top) && !PureJavaCodecs.SUPPORTED.contains(chunk.getCodec())) {
                    throw InvalidInputException.of(file, "column " + chunk.getPath().toDotString(),
                            "is compressed with " + chunk.getCodec() + ", which this reader does not support (supported: "
                                    + PureJavaCodecs.SUPPORTED + ")",
                            "Re-write the file with Snappy, pyarrow's default (pyarrow.parquet.write_table(table, path))");
                }
            }
        }
    }

    private static String names(MessageType schema) {
        return schema.getFields().stream().map(Type::getName).collect(Collectors.joining(", "));
    }

    private static String describe(Exception e) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder();
        // The outermost messages say what failed; the innermost one often says why.
        while (t != null && sb.length() < 300) {
            if (t.getMessage() != null && !t.getMessage().isBlank() && sb.indexOf(t.getMessage()) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(t.getMessage());
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString();
    }
}
