// Prints the text of a PDF file as JSON (pdf-parse loads pdf.js with a dynamic import, which Jest's VM does not run).
const { readFileSync } = require('node:fs');
const { PDFParse } = require('pdf-parse');

new PDFParse({ data: readFileSync(process.argv[2]) })
  .getText()
  .then((r) => process.stdout.write(JSON.stringify({ text: r.text, pages: r.total })))
  .catch((e) => {
    process.stderr.write(String(e && e.stack ? e.stack : e));
    process.exit(1);
  });
