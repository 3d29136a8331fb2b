import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { SwaggerModule } from '@nestjs/swagger';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';

// The plugin's entry point is exported as `@nestjs/swagger/plugin`; its types live in dist.
const { ReadonlyVisitor } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@nestjs/swagger/plugin') as typeof import('@nestjs/swagger/dist/plugin');

const ROOT = join(__dirname, '..', '..');
const FILE = 'openapi-metadata.ts';

/**
 * The OpenAPI document describes each DTO's properties through Nest's swagger CLI plugin,
 * which runs at `nest build` (nest-cli.json) but not under Jest's SWC, so a test app's
 * `/docs/json` would list bodies without their fields. This runs the same plugin over the
 * DTO files (the way Nest's SWC builder does, into a metadata module) and loads the result,
 * so the document the test app serves is the one production serves. Call it before
 * starting the app. Takes a few seconds: only tests that read the document need it.
 */
export async function loadOpenApiMetadata(): Promise<void> {
  const options = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as {
    compilerOptions: { plugins: Array<{ name: string; options: Record<string, unknown> }> };
  };
  const plugin = options.compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger');
  const dtos = (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.dto.ts') || file.endsWith('.controller.ts'))
    .map((file) => join(ROOT, 'src', file));
  const program = ts.createProgram(dtos, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    strict: true,
    skipLibCheck: true,
  });
  const outputDir = mkdtempSync(join(tmpdir(), 'pd-openapi-'));
  try {
    new PluginMetadataGenerator().generate({
      visitors: [new ReadonlyVisitor({ ...plugin?.options, pathToSource: outputDir })],
      outputDir,
      tsProgramRef: program,
      filename: FILE,
      printDiagnostics: false,
    });
    const metadata = (await import(join(outputDir, FILE))) as {
      default: () => Promise<Record<string, unknown>>;
    };
    await SwaggerModule.loadPluginMetadata(metadata.default);
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}
