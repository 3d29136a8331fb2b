import { shownInAlmaty } from '../calendar/working-days';
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { SubjectReport } from './subject-report';
import type { Bilingual } from './report-text';

/**
 * A font with Cyrillic and Kazakh letters: the system's DejaVu Sans (Debian's
 * fonts-dejavu-core) when installed, otherwise the same font from the npm package
 * `dejavu-fonts-ttf`, so the PDF renders the same on a machine without it.
 */
const SYSTEM_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const SYSTEM_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

function fontPaths(): { regular: string; bold: string } {
  if (existsSync(SYSTEM_FONT) && existsSync(SYSTEM_BOLD)) {
    return { regular: SYSTEM_FONT, bold: SYSTEM_BOLD };
  }
  return {
    regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
    bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  };
}

const FONTS = fontPaths();

const kzTime = (iso: string): string => shownInAlmaty(new Date(iso), true);

const both = (text: Bilingual): string => `${text.ru} / ${text.en}`;

/** The report as a printable A4 PDF, in Russian with English beside it. */
export function renderReportPdf(report: SubjectReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: 'Сведения о персональных данных / Personal data report' },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const heading = (text: string) =>
    doc.moveDown(0.8).font('bold').fontSize(12).text(text).moveDown(0.3);
  const line = (text: string) => doc.font('regular').fontSize(9.5).text(text);

  doc.font('bold').fontSize(15).text('Сведения о персональных данных');
  doc.font('regular').fontSize(10).text('Personal data report (P15.1–P15.3)');
  doc.moveDown(0.5);
  line(`${report.operator.name}${report.operator.bin ? `, БИН ${report.operator.bin}` : ''}`);
  line(`Субъект / Subject: ${report.subjectId}`);
  line(`Сформировано / Generated: ${kzTime(report.generatedAt)} (UTC+5)`);
  line(
    report.holdsPersonalData
      ? 'Организация обрабатывает ваши персональные данные. / The Organization holds your personal data.'
      : 'Организация не обрабатывает ваших персональных данных. / The Organization holds no personal data of yours.',
  );

  heading('1. Цели обработки / Purposes');
  for (const purpose of report.purposes) {
    line(
      `• ${both(purpose.description)} (${purpose.purpose}; основание / basis: ${purpose.basis})`,
    );
  }
  heading('2. Источники / Sources');
  for (const source of report.sources) line(`• ${both(source)}`);
  heading('3. Способы сбора и обработки / Methods');
  for (const method of report.methods) line(`• ${both(method)}`);

  heading('4. Ваши персональные данные и сроки хранения / Your personal data and storage terms');
  for (const section of report.personalData) {
    doc
      .moveDown(0.3)
      .font('bold')
      .fontSize(10)
      .text(`${section.category}: ${both(section.description)}`);
    for (const { field, value } of section.fields) line(`    ${field}: ${value}`);
    if (section.category === 'TECHNICAL') {
      line(
        `    посещений / visits: ${report.visits.count}` +
          (report.visits.last ? `, последнее / last: ${kzTime(report.visits.last)}` : ''),
      );
    }
    line(`    срок / term: ${both(section.retention)}`);
  }
  line(
    `Договор / Contract: ${report.contract ? `${report.contract.state}, ${kzTime(report.contract.at)}` : '—'}; ` +
      `блокирование / blocked: ${report.blocked ? 'да / yes' : 'нет / no'}`,
  );
  if (report.depersonalizeAfter) {
    line(
      `Обезличивание / Depersonalization: ${kzTime(report.depersonalizeAfter)} ` +
        '(согласие отозвано / consent withdrawn)',
    );
  }

  if (report.media.length > 0) {
    line('Копии на носителях / Copies on media (P11.3):');
    for (const medium of report.media) {
      line(
        `    ${medium.kind} ${kzTime(medium.createdAt)}` +
          (medium.destroyBy ? `, уничтожить до / destroy by ${kzTime(medium.destroyBy)}` : ''),
      );
    }
  }

  heading('5. Передача третьим лицам / Third parties that received your data');
  if (report.transfers.length === 0) line('Передач не было. / None.');
  for (const transfer of report.transfers) {
    line(
      `• ${kzTime(transfer.at)}  ${transfer.thirdParty} (${transfer.country}): ${transfer.categories.join(', ')}`,
    );
  }

  heading(`6. Кто обращался к вашим данным / Who accessed your data (${report.accessLog.length})`);
  if (report.accessLog.length === 0) line('Обращений не было. / None.');
  for (const item of report.accessLog) {
    const who = [item.actorKind, item.actorRoles.join('+'), item.actorId ?? '']
      .filter(Boolean)
      .join(' ');
    const what = [
      item.action,
      item.operation,
      item.categories.join(','),
      item.purpose,
      item.outcome,
    ]
      .filter(Boolean)
      .join(' · ');
    line(`${kzTime(item.at)}  ${who}  ${what}`);
  }
  doc.end();
  return done;
}
