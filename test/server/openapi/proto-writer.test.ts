import t from 'tap';
import { ProtoWriter } from '../../../src/server/openapi/proto-writer.js';
import { flowYaml } from '../../../src/server/openapi/proto-message-spec.js';
import { parse } from 'yaml';

t.test('varints, strings, doubles and nested messages in wire format', async (t) => {
  t.same([...new ProtoWriter().int(1, 150).finish()], [0x08, 0x96, 0x01]);
  t.same([...new ProtoWriter().int(2, 300).finish()], [0x10, 0xac, 0x02]);
  t.same([...new ProtoWriter().int(1, -1).finish()], [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], 'negative: ten bytes');
  t.same([...new ProtoWriter().bool(16, true).finish()], [0x80, 0x01, 0x01], 'field 16 takes a two-byte tag');
  t.same([...new ProtoWriter().string(2, 'testing').finish()], [0x12, 0x07, ...Buffer.from('testing')]);
  t.same([...new ProtoWriter().string(1, 'é').finish()], [0x0a, 0x02, 0xc3, 0xa9], 'UTF-8 length, not characters');
  t.same([...new ProtoWriter().double(7, 1.5).finish()], [0x39, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
  const inner = new ProtoWriter().int(1, 150);
  const outer = new ProtoWriter().string(1, 'a').message(3, inner).message(4, new ProtoWriter());
  t.same([...outer.finish()], [0x0a, 0x01, 0x61, 0x1a, 0x03, 0x08, 0x96, 0x01, 0x22, 0x00]);
  t.equal(outer.length, 10);
  const long = 'x'.repeat(200);
  t.same([...new ProtoWriter().message(1, new ProtoWriter().string(1, long)).finish()].slice(0, 5), [0x0a, 0xcb, 0x01, 0x0a, 0xc8], 'lengths over 127 are varints');
  t.throws(() => new ProtoWriter().int(0, 1), RangeError);
  t.throws(() => new ProtoWriter().int(1, 1.5), RangeError);
});

t.test('flowYaml is YAML 1.1 that reads back as the value', async (t) => {
  const value = { group: '', kind: 'Deployment', list: ['a', 'b: c', 'yes', 'null'], n: 3, ok: true, none: null, nested: [{ k: 'v"\n' }] };
  const text = flowYaml(value);
  t.equal(flowYaml({ a: ['b', 1] }), '{"a": ["b", 1]}');
  t.same(parse(text, { version: '1.1' }), value);
  t.equal(parse(flowYaml('name'), { version: '1.1' }), 'name');
  t.equal(parse(flowYaml('yes'), { version: '1.1' }), 'yes', 'quoted strings stay strings');
});
