// Validates the OpenAPI document read from stdin with swagger-parser (OpenAPI 3.0 schema + semantic
// rules) and prints the problems as a JSON array. A process of its own: the validator's dependencies
// are ES modules, which jest's CommonJS runtime cannot load (plain Node 20.19+ requires them).
const SwaggerParser = require('@apidevtools/swagger-parser');

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  SwaggerParser.validate(JSON.parse(input)).then(
    () => process.stdout.write('[]'),
    (e) => {
      const lines = String(e.message)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      process.stdout.write(JSON.stringify(lines));
    },
  );
});
