// The gate passes: summary table printed, every report and the unlearned model written, artifacts attached.
def log = new File(basedir, 'build.log').text
assert log.contains('mip:locate: wrote')
assert log.contains('BUILD SUCCESS')
assert log.contains('forget.text.mcq.accuracy')              // summary table, printed on success too
assert log =~ /gate PASSED/
def mip = new File(basedir, 'target/mip')
['paths.json', 'report.json', 'report.html', 'TEST-mip-verify.xml', 'model/config.json', 'model/manifest.json', 'model.zip'].each {
    assert new File(mip, it).isFile() : "missing target/mip/$it"
}
def report = new groovy.json.JsonSlurper().parse(new File(mip, 'report.json'))
assert report.verdict == 'PASS'
assert report.method == 'mip'
def junit = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File(mip, 'TEST-mip-verify.xml')).documentElement
assert junit.getAttribute('failures') == '0' && junit.getAttribute('errors') == '0'
assert junit.getElementsByTagName('testcase').length >= 5
def html = new File(mip, 'report.html').text
assert !html.contains('http://') && !html.contains('https://')   // self-contained, no network resources
assert !new File(mip, 'model').list().any { it.endsWith('.tmp') }
return true
