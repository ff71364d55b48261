// Entry point of dist/server.js. The transport comes from the command line, as for any
// vscode-languageserver server: `node dist/server.js --stdio` (any LSP client), `--node-ipc`
// (how the extension starts it), or `--socket=<port>`.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodeFileSystem } from './nodeFileSystem';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all), nodeFileSystem);
