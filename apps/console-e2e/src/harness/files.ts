/** Evidence files made on the fly (what an analyst would upload). */

export function transactionsCsv(): Buffer {
  const rows = [
    'time,amount,currency,card,entry_mode,rrn,auth_code,city',
    '2026-04-16T23:41:07+08:00,4999.00,CNY,622848******1234,magstripe,610723418811,A1B2C3,Shanghai',
    '2026-04-16T23:58:52+08:00,4999.00,CNY,622848******7788,magstripe,610723419042,D4E5F6,Shanghai',
    '2026-04-17T00:12:30+08:00,8888.00,CNY,621700******3021,chip_fallback,610723420117,G7H8J9,Hangzhou',
  ];
  return Buffer.from(`${rows.join('\n')}\n`, 'utf8');
}

/** A small, valid one-page PDF with a line of text (what the police receipt scan would be). */
export function minimalPdf(line: string): Buffer {
  const text = line.replace(/[^\x20-\x7e]/g, '-').replace(/([()\\])/g, '\\$1');
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
