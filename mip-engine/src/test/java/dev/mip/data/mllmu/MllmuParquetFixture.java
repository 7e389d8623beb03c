package dev.mip.data.mllmu;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes Parquet files in MLLMU-Bench's exact schema, as pyarrow (and so Hugging Face
 * {@code datasets}) writes it: every field optional, strings {@code binary (STRING)}, images
 * {@code struct{bytes: binary, path: string}}, lists in the 3-level form
 * {@code optional group X (LIST) { repeated group list { optional group element {...} } }}, Snappy pages.
 */
final class MllmuParquetFixture {
    private static final String IMAGE = "optional group %s { optional binary bytes; optional binary path (STRING); }";
    private static final String MCQ_LIST = "optional group %s (LIST) { repeated group list { optional group element {"
            + " optional binary Question (STRING);"
            + " optional group Options { optional binary A (STRING); optional binary B (STRING);"
            + " optional binary C (STRING); optional binary D (STRING); }"
            + " optional binary Correct_Answer (STRING); } } }";
    private static final String OPEN_LIST = "optional group %s (LIST) { repeated group list { optional group element {"
            + " optional binary Question (STRING); optional binary Ground_Truth (STRING); optional binary Type (STRING); } } }";
    private static final String TASKS = "optional group Classification_Task { " + MCQ_LIST.formatted("Image_Textual_Questions") + " "
            + MCQ_LIST.formatted("Pure_Text_Questions") + " } " + OPEN_LIST.formatted("Generation_Task") + " "
            + OPEN_LIST.formatted("Mask_Task");

    /** Full_Set, forget_*, retain_*, Retain_Set (with the unused {@code question}/{@code answer} columns). */
    static final String EVAL_SCHEMA = "message schema { " + IMAGE.formatted("image") + " optional binary ID (STRING);"
            + " optional binary biography (STRING); optional binary question (STRING); optional binary answer (STRING); "
            + TASKS + " }";
    /** Test_Set: {@code images} (a list of image structs) instead of {@code image}. */
    static final String TEST_SCHEMA = "message schema { optional binary ID (STRING); optional group images (LIST) {"
            + " repeated group list { " + IMAGE.formatted("element") + " } } " + TASKS + " }";
    /** ft_Data. */
    static final String FT_SCHEMA = "message schema { " + IMAGE.formatted("image") + " optional binary ID (STRING);"
            + " optional binary metadata (STRING); }";

    /** An MCQ: options by letter (absent letters left out), the correct answer as written. */
    record Mcq(String question, Map<String, String> options, String correct) {}

    /** A generation or cloze question; {@code type} is {@code Image_Textual} or {@code Pure_Text}. */
    record Open(String question, String truth, String type) {}

    /** One row of an evaluation split: its images (one, or several for Test_Set) and questions. */
    record Person(String id, String biography, List<byte[]> images, List<Mcq> imageMcqs, List<Mcq> textMcqs,
            List<Open> generation, List<Open> mask) {}

    /** One ft_Data row. */
    record FtRow(String id, byte[] image, String metadata) {}

    private MllmuParquetFixture() {}

    /** Writes evaluation rows (column {@code image} = the person's first image). */
    static Path writeEval(Path file, List<Person> people) {
        return writeEval(file, people, EVAL_SCHEMA);
    }

    /** Writes evaluation rows with a variant of the schema; fields it lacks are left out. */
    static Path writeEval(Path file, List<Person> people, String schemaText) {
        MessageType schema = MessageTypeParser.parseMessageType(schemaText);
        return write(file, schema, evalRows(schema, people));
    }

    /** Writes Test_Set rows (column {@code images} = all the person's images). */
    static Path writeTest(Path file, List<Person> people) {
        MessageType schema = MessageTypeParser.parseMessageType(TEST_SCHEMA);
        return write(file, schema, testRows(schema, people));
    }

    /** Writes ft_Data rows. */
    static Path writeFt(Path file, List<FtRow> rows) {
        MessageType schema = MessageTypeParser.parseMessageType(FT_SCHEMA);
        return write(file, schema, ftRows(schema, rows));
    }

    /** Evaluation rows for {@code schema} ({@link #EVAL_SCHEMA} or a variant lacking some fields). */
    static List<Group> evalRows(MessageType schema, List<Person> people) {
        SimpleGroupFactory f = new SimpleGroupFactory(schema);
        return people.stream().map(p -> {
            Group g = f.newGroup();
            if (has(schema, "image")) {
                image(g.addGroup("image"), p.images().get(0), p.id() + ".png");
            }
            g.append("ID", p.id());
            if (has(schema, "biography")) {
                g.append("biography", p.biography());
            }
            if (has(schema, "question")) {
                g.append("question", "Who is " + p.id() + "?").append("answer", p.biography());
            }
            tasks(g, schema, p);
            return g;
        }).toList();
    }

    /** Test_Set rows for {@link #TEST_SCHEMA}. */
    static List<Group> testRows(MessageType schema, List<Person> people) {
        SimpleGroupFactory f = new SimpleGroupFactory(schema);
        return people.stream().map(p -> {
            Group g = f.newGroup().append("ID", p.id());
            Group images = g.addGroup("images");
            for (int k = 0; k < p.images().size(); k++) {
                image(images.addGroup("list").addGroup("element"), p.images().get(k), p.id() + "_" + k + ".png");
            }
            tasks(g, schema, p);
            return g;
        }).toList();
    }

    /** ft_Data rows for {@link #FT_SCHEMA}. */
    static List<Group> ftRows(MessageType schema, List<FtRow> rows) {
        SimpleGroupFactory f = new SimpleGroupFactory(schema);
        return rows.stream().map(r -> {
            Group g = f.newGroup();
            image(g.addGroup("image"), r.image(), r.id() + ".png");
            return g.append("ID", r.id()).append("metadata", r.metadata());
        }).toList();
    }

    /** Writes rows with Snappy pages. */
    static Path write(Path file, MessageType schema, List<Group> rows) {
        return write(file, schema, rows, CompressionCodecName.SNAPPY);
    }

    /** Writes rows with the given page compression. */
    static Path write(Path file, MessageType schema, List<Group> rows, CompressionCodecName codec) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file); // tests replace a sample file to break it
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                    .withConf(new PlainParquetConfiguration())
                    .withType(schema)
                    .withCodecFactory(new PageCompressors())
                    .withCompressionCodec(codec)
                    .build()) {
                for (Group g : rows) {
                    w.write(g);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param rgb the colour of every pixel but (1, 1)
     * @return a 2x2 PNG whose pixel (1, 1) is white, so that orientation errors show too
     */
    static byte[] png(int rgb) {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, rgb);
        img.setRGB(1, 0, rgb);
        img.setRGB(0, 1, rgb);
        img.setRGB(1, 1, 0xFFFFFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void tasks(Group g, MessageType schema, Person p) {
        if (has(schema, "Classification_Task")) {
            Group c = g.addGroup("Classification_Task");
            mcqs(c.addGroup("Image_Textual_Questions"), p.imageMcqs());
            mcqs(c.addGroup("Pure_Text_Questions"), p.textMcqs());
        }
        if (has(schema, "Generation_Task")) {
            open(g.addGroup("Generation_Task"), p.generation());
        }
        if (has(schema, "Mask_Task")) {
            open(g.addGroup("Mask_Task"), p.mask());
        }
    }

    private static void mcqs(Group list, List<Mcq> mcqs) {
        for (Mcq m : mcqs) {
            Group e = list.addGroup("list").addGroup("element").append("Question", m.question());
            Group options = e.addGroup("Options");
            for (String letter : List.of("A", "B", "C", "D")) {
                if (m.options().containsKey(letter)) {
                    options.append(letter, m.options().get(letter));
                }
            }
            e.append("Correct_Answer", m.correct());
        }
    }

    private static void open(Group list, List<Open> items) {
        for (Open o : items) {
            list.addGroup("list").addGroup("element").append("Question", o.question()).append("Ground_Truth", o.truth())
                    .append("Type", o.type());
        }
    }

    private static void image(Group g, byte[] bytes, String path) {
        g.append("bytes", Binary.fromConstantByteArray(bytes)).append("path", path);
    }

    private static boolean has(GroupType schema, String field) {
        return schema.containsField(field);
    }
}
