// Truncated weights: a clear error naming the file, nothing written that looks complete.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('model.safetensors')
assert !log.contains('NullPointerException')
assert !new File(basedir, 'target/mip/model/config.json').exists()
return true
