// Reads JSON {lines, protect} on stdin; prints, per line, the tokens (start, end, folded) and keys,
// and the characters the engine's decoder of index files reads for the bytes 0 to 255.
const E = require(process.argv[2]);
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const { lines, protect } = JSON.parse(input);
  const set = new Set(protect);
  const out = lines.map((line) => E.tokens(line).map((t) => [t.start, t.end, t.folded, E.keys(t.folded, set)]));
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  process.stdout.write(JSON.stringify({ out, prefixes: E.PREFIXES, bytes: E.TEXT.decode(bytes) }));
});
