import { cleanEvidenceFileName, evidenceFileName, extensionOf, isExtensionAllowed, servedEvidenceName, textMediaTypeOf } from './evidence-files';

describe('evidence file names', () => {
  it('strips Unicode format characters: a right-to-left override cannot disguise an extension', () => {
    // "invoice_\u202Efdp.exe" displays as "invoice_exe.pdf"
    expect(cleanEvidenceFileName('invoice_\u202Efdp.exe')).toBe('invoice_fdp.exe');
    expect(cleanEvidenceFileName('a\u200Bb\u200Cc\u200Dd\u2060e\uFEFF\u00AD.pdf')).toBe('abcde.pdf');
    expect(cleanEvidenceFileName('\u2066isolated\u2069\u2067.txt')).toBe('isolated.txt');
    expect(cleanEvidenceFileName('line\u2028para\u2029.csv')).toBe('linepara.csv');
    expect(cleanEvidenceFileName('private\uE000use.png')).toBe('privateuse.png');
  });

  it('keeps only the last path segment, without control characters, outer dots or doubled spaces', () => {
    expect(cleanEvidenceFileName('C:\\Users\\x\\..\\statement.pdf')).toBe('statement.pdf');
    expect(cleanEvidenceFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanEvidenceFileName('bad\u0000\u0007name\n.pdf')).toBe('badname.pdf');
    expect(cleanEvidenceFileName(' statement.pdf. . ')).toBe('statement.pdf');
    expect(cleanEvidenceFileName('...hidden')).toBe('hidden');
    expect(cleanEvidenceFileName('two   spaces\u3000wide.pdf')).toBe('two spaces wide.pdf');
    expect(cleanEvidenceFileName('商户\u202E声明.pdf')).toBe('商户声明.pdf');
    expect(cleanEvidenceFileName('\u202E')).toBe('upload');
    expect(cleanEvidenceFileName(undefined)).toBe('upload');
  });

  it('composes to NFC and bounds the length, keeping the extension', () => {
    expect(cleanEvidenceFileName('cafe\u0301.pdf')).toBe('caf\u00e9.pdf');
    const long = cleanEvidenceFileName(`${'x'.repeat(300)}.pdf`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('names plain text .txt, whatever it was called, and leaves other types alone', () => {
    expect(evidenceFileName('notes.txt', 'text/plain')).toBe('notes.txt');
    expect(evidenceFileName('notes.TXT', 'text/plain')).toBe('notes.TXT');
    expect(evidenceFileName('terminal.log', 'text/plain')).toBe('terminal.log.txt');
    expect(evidenceFileName('call notes', 'text/plain')).toBe('call notes.txt');
    expect(evidenceFileName('run.sh', 'text/plain')).toBe('run.sh.txt');
    expect(evidenceFileName('tx.csv', 'text/csv')).toBe('tx.csv');
    expect(evidenceFileName('a.pdf', 'application/pdf')).toBe('a.pdf');
    expect(evidenceFileName('y'.repeat(200), 'text/plain')).toHaveLength(200);
  });

  it('serves rows stored before these rules under the cleaned, .txt name', () => {
    expect(servedEvidenceName('run\u202Ehs.sh', 'text/plain')).toBe('runhs.sh.txt');
    expect(servedEvidenceName('page.html', 'text/plain')).toBe('page.html.txt');
    expect(servedEvidenceName('tx.csv', 'text/csv')).toBe('tx.csv');
  });
});

describe('evidence extensions per detected type', () => {
  it('reads the extension as 1–8 letters or digits after the last dot', () => {
    expect(extensionOf('a.PDF')).toBe('pdf');
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('call 3.5 hours')).toBe('');
    expect(extensionOf('noext')).toBe('');
  });

  it('allows each type only its own extensions', () => {
    expect(isExtensionAllowed('application/pdf', 'pdf')).toBe(true);
    expect(isExtensionAllowed('application/pdf', 'html')).toBe(false);
    expect(isExtensionAllowed('image/jpeg', 'jpeg')).toBe(true);
    expect(isExtensionAllowed('image/jpeg', 'svg')).toBe(false);
    expect(isExtensionAllowed('image/png', '')).toBe(false);
    expect(isExtensionAllowed('text/plain', '')).toBe(true);
    // a type an operator added takes the extension content detection reports
    expect(isExtensionAllowed('image/gif', 'gif', 'gif')).toBe(true);
    expect(isExtensionAllowed('image/gif', 'hta', 'gif')).toBe(false);
  });

  it('gives text only the names of text types: scripts and markup are refused', () => {
    expect(textMediaTypeOf('csv')).toBe('text/csv');
    expect(textMediaTypeOf('json')).toBe('application/json');
    expect(textMediaTypeOf('txt')).toBe('text/plain');
    expect(textMediaTypeOf('log')).toBe('text/plain');
    expect(textMediaTypeOf('')).toBe('text/plain');
    for (const ext of ['sh', 'html', 'htm', 'svg', 'bat', 'cmd', 'ps1', 'js', 'hta', 'vbs', 'xml', 'desktop']) expect(textMediaTypeOf(ext)).toBeUndefined();
  });
});
