import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

/** Validates XML against the OAI-PMH and oai_dc schemas shipped in tests/support/xsd/ (libxml2's xmllint compiled to
 *  WebAssembly, from npm: nothing to install, no network). */
const XSD_DIR = path.join(__dirname, 'xsd');
const file = (fileName: string) => ({ fileName, contents: readFileSync(path.join(XSD_DIR, fileName), 'utf8') });
const SCHEMA = file('oai-pmh-harvest.xsd');
const PRELOAD = ['OAI-PMH.xsd', 'oai_dc.xsd', 'simpledc20021212.xsd', 'xml.xsd'].map(file);

export async function oaiSchemaProblems(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName: 'answer.xml', contents: xml }, schema: SCHEMA, preload: PRELOAD });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
