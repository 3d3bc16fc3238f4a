// Regenerates ../testdata/variant_cases.jsonl: the ids and decodings that Hugging Face's own
// tokenizers library (npm `tokenizers`, the Rust code through napi) gives for the tokenizer
// variants of ../testdata/variants.json on the texts below and the texts of the shared
// reference files. ponder's variant test compares against these.
//
//   npm install --prefix /tmp/oracle tokenizers@0.23.2
//   NODE_PATH=/tmp/oracle/node_modules node make_variant_cases.js ../../../../../shared
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('tokenizers');

const shared = process.argv[2];
const here = __dirname;
const variants = JSON.parse(fs.readFileSync(path.join(here, '../testdata/variants.json'), 'utf8'));

const crafted = [
  'a<|endoftext|>b', 'a  <|endoftext|>  b', '<|endoftext|>', '  <|endoftext|>', ' \n<|endoftext|>\t x',
  '<|endoftext|> <|endoftext|>', 'x <sep> y', 'x<sep>y', '<sep>', ' <sep>', '<sep>x', '<sep>xy',
  'word<sep> <sep>', 'é<sep>', '_<sep>_', '1<sep>2', '(<sep>)', 'a [MASK] b', 'a\t\n[MASK]b',
  '[MASK][MASK]  [MASK]', '<end>   next', '<end>\n\nnext', 'x<end>', 'cafe\u0301!', 'caf\u00e9!',
  'x cafe\u0301! y', '<|im_start|>cafe\u0301!<|im_end|>', '1234567 and 12 3', 'x 2024-01-01',
  "I'M HERE, YOU'LL SEE", '\u00a0\u00a0x', 'a\u0085b', 'a\u2028b\u3000c', '  leading and trailing  ',
  'tab\there', 'Once upon a time', ' Once', 'Once  upon', '\u2581already', 'emoji \ud83d\ude00 ok',
  'Z\u00fcrich \u4f60\u597d', '',
];

function readTexts(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l).text);
}

function applyOverrides(base, set) {
  for (const [key, value] of Object.entries(set)) {
    const parts = key.split('.');
    let target = base;
    for (const p of parts.slice(0, -1)) target = target[p];
    target[parts[parts.length - 1]] = value;
  }
  return base;
}

(async () => {
  const out = [];
  for (const v of variants) {
    const json = applyOverrides(JSON.parse(fs.readFileSync(path.join(shared, v.base), 'utf8')), v.set);
    const tokenizer = Tokenizer.fromString(JSON.stringify(json));
    const reference = v.base.startsWith('models/stories260K')
      ? path.join(shared, 'models/stories260K/reference/tokenizer_cases.jsonl')
      : path.join(shared, 'tokenizers/gpt2/reference.jsonl');
    const texts = [...new Set([...crafted, ...readTexts(reference)])];
    for (const text of texts) {
      const encoding = await tokenizer.encode(text, null, { addSpecialTokens: false });
      const ids = encoding.getIds();
      const decoded = await tokenizer.decode(ids, false);
      out.push(JSON.stringify({ variant: v.name, text, ids, decoded }));
    }
  }
  fs.writeFileSync(path.join(here, '../testdata/variant_cases.jsonl'), out.join('\n') + '\n');
  console.log(`wrote ${out.length} cases`);
})();
