// A copy of the tiny model, so that a wrong run could only damage the copy; its hashes for the check.
import java.nio.file.*
import java.security.MessageDigest
def src = basedir.toPath().resolve('../../../../src-it/fixtures/tiny-model').normalize()
def dst = basedir.toPath().resolve('target/model-copy')
Files.createDirectories(dst)
def sums = new StringBuilder()
Files.list(src).sorted().each { f ->
    Files.copy(f, dst.resolve(f.fileName.toString()), StandardCopyOption.REPLACE_EXISTING)
    sums << f.fileName << ' ' << MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(f)).encodeHex() << '\n'
}
Files.writeString(basedir.toPath().resolve('target/model-copy.sha256'), sums.toString())
return true
