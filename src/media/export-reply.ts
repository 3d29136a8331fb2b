import type { FastifyReply } from 'fastify';
import type { ExportFile } from './subject-exports';

/** A registered file answered as a download, with what a recipient needs to check it against the register. */
export function sendExport(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .status(201)
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .header('x-medium-id', file.mediumId)
    .header('x-checksum-sha256', file.sha256)
    .send(file.bytes);
}
