// Entry point when the compiled CLI is run directly with node (tests, development).
import { main } from './main';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
