// NaN logits are an error naming the model, split and question, never accuracies; no report claims a verdict.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /target\/nan-model: the model gives NaN for the log-likelihood of (forget|retain|test|world|holdout)\.(image|text)\.mcq question '[^']+' \(option \d of \d\)/
assert log.contains('Check the checkpoint')
assert !log.contains('PASSED')
assert !log.contains('NullPointerException') && !log.contains('IllegalArgumentException')
assert !new File(basedir, 'target/mip/report.json').exists()
return true
