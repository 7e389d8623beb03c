// A copy of the tiny model whose weights file is cut in half.
import java.nio.file.*
def src = basedir.toPath().resolve('../../../../src-it/fixtures/tiny-model').normalize()
def dst = basedir.toPath().resolve('target/corrupt-model')
Files.createDirectories(dst)
Files.list(src).each { f -> Files.copy(f, dst.resolve(f.fileName.toString()), StandardCopyOption.REPLACE_EXISTING) }
def w = dst.resolve('model.safetensors')
byte[] b = Files.readAllBytes(w)
Files.write(w, Arrays.copyOf(b, b.length.intdiv(2)))
return true
