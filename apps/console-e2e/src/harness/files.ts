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

/**
 * A year's holiday schedule as an iCalendar file, shaped like mainland China's (the 2026 notice's pattern moved
 * to `year`): all-day VEVENTs for each break (DTEND exclusive) and one event per make-up working day (补班).
 * Test data, not the State Council's notice for that year.
 */
export function holidayIcs(years: number[]): { ics: string; holidays: string[]; workingDays: string[] } {
  const breaks: Array<[string, string, number]> = [
    ['元旦', '01-01', 3],
    ['春节', '02-15', 9],
    ['清明节', '04-04', 3],
    ['劳动节', '05-01', 5],
    ['端午节', '06-19', 3],
    ['中秋节', '09-25', 3],
    ['国庆节', '10-01', 7],
  ];
  const workdays: Array<[string, string]> = [
    ['元旦补班', '01-04'],
    ['春节补班', '02-14'],
    ['春节补班', '02-28'],
    ['劳动节补班', '05-09'],
    ['国庆节补班', '09-20'],
    ['国庆节补班', '10-10'],
  ];
  const compact = (d: string) => d.replace(/-/g, '');
  const plusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Sentinel SN e2e//Holidays//ZH', 'CALSCALE:GREGORIAN'];
  const holidays: string[] = [];
  const workingDays: string[] = [];
  for (const year of years) {
    for (const [name, md, days] of breaks) {
      const start = `${year}-${md}`;
      for (let i = 0; i < days; i++) holidays.push(plusDays(start, i));
      lines.push('BEGIN:VEVENT', `UID:${year}-${md}-holiday@e2e`, `DTSTART;VALUE=DATE:${compact(start)}`, `DTEND;VALUE=DATE:${compact(plusDays(start, days))}`, `SUMMARY:${name}（休）`, 'END:VEVENT');
    }
    for (const [name, md] of workdays) {
      const day = `${year}-${md}`;
      workingDays.push(day);
      lines.push('BEGIN:VEVENT', `UID:${year}-${md}-work@e2e`, `DTSTART;VALUE=DATE:${compact(day)}`, `SUMMARY:${name}`, 'END:VEVENT');
    }
  }
  lines.push('END:VCALENDAR');
  return { ics: `${lines.join('\r\n')}\r\n`, holidays, workingDays };
}
