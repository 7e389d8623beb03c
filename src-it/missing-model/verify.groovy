def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('no-such-model')
assert log.contains('model.path')
assert !new File(basedir, 'target/mip/model').exists()
return true
