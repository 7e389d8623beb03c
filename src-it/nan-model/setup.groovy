// A copy of the tiny model with language_model.model.norm.weight (F16) set to NaN, as after a corrupt export.
import java.nio.file.*
import java.nio.*
import groovy.json.JsonSlurper
def src = basedir.toPath().resolve('../../../../src-it/fixtures/tiny-model').normalize()
def dst = basedir.toPath().resolve('target/nan-model')
Files.createDirectories(dst)
Files.list(src).filter { it.fileName.toString() != 'manifest.json' }.each { f ->
    Files.copy(f, dst.resolve(f.fileName.toString()), StandardCopyOption.REPLACE_EXISTING)
}
def w = dst.resolve('model.safetensors')
byte[] b = Files.readAllBytes(w)
long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong()
def header = new JsonSlurper().parseText(new String(b, 8, (int) n, 'UTF-8'))
def t = header['language_model.model.norm.weight']
assert t.dtype == 'F16'
int from = 8 + (int) n + (int) t.data_offsets[0]
int to = 8 + (int) n + (int) t.data_offsets[1]
for (int i = from; i < to; i += 2) {
    b[i] = (byte) 0x00      // F16 NaN = 0x7E00, little-endian
    b[i + 1] = (byte) 0x7E
}
Files.write(w, b)
return true
