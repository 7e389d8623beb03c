// Both overlaps are configuration errors naming both keys, reported together; nothing was written into the inputs.
import java.nio.file.*
import java.security.MessageDigest
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /mip\.yaml:10:\d+: field 'unlearn\.output': resolves to .*model-copy, which is model\.path/
assert log.contains('the unlearned model would replace the original, and verify would compare it with itself')
assert log.contains('Fix: Point unlearn.output outside model.path, e.g. at its default target/mip/model')
assert log =~ /mip\.yaml:14:\d+: field 'report\.output': resolves to .*tiny-data\/reports, which lies inside data\.path/
assert !log.contains('Exception:') || log.contains('MojoExecutionException')
def dst = basedir.toPath().resolve('target/model-copy')
def sums = new StringBuilder()
Files.list(dst).sorted().each { f ->
    sums << f.fileName << ' ' << MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(f)).encodeHex() << '\n'
}
assert sums.toString() == Files.readString(basedir.toPath().resolve('target/model-copy.sha256')) : 'the model is untouched'
assert !basedir.toPath().resolve('../../../../src-it/fixtures/tiny-data/reports').normalize().toFile().exists()
return true
