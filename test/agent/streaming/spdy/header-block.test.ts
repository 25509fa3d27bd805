import t from 'tap';
import { SPDY3_DICTIONARY } from '../../../../src/agent/streaming/spdy/dictionary.js';
import { FrameParser, encodeDataFrame, encodeSynReply, FrameType } from '../../../../src/agent/streaming/spdy/frames.js';
import { HeaderCompressor, HeaderDecompressor } from '../../../../src/agent/streaming/spdy/header-block.js';

t.test('the SPDY/3 dictionary is 1423 bytes and ends with its known tail', async (t) => {
  t.equal(SPDY3_DICTIONARY.length, 1423);
  t.equal(SPDY3_DICTIONARY.subarray(-9).toString('latin1'), ',*,enq=0.');
});

t.test('header blocks round-trip through one shared zlib context, in order', async (t) => {
  const c = new HeaderCompressor();
  const d = new HeaderDecompressor();
  const blocks = await Promise.all([c.compress({ streamtype: 'error', port: '80' }), c.compress({ StreamType: 'data', requestID: '1' })]);
  t.same(await d.decompress(blocks[0]), { streamtype: 'error', port: '80' });
  t.same(await d.decompress(blocks[1]), { streamtype: 'data', requestid: '1' });
  c.close();
  d.close();
});

t.test('the parser splits frames across arbitrary chunk boundaries', async (t) => {
  const bytes = Buffer.concat([encodeSynReply(1, Buffer.from('abc')), encodeDataFrame(3, 1, Buffer.from('hello'))]);
  const p = new FrameParser();
  const frames = [...p.push(bytes.subarray(0, 5)), ...p.push(bytes.subarray(5, 17)), ...p.push(bytes.subarray(17))];
  t.equal(frames.length, 2);
  t.match(frames[0], { control: true, type: FrameType.SynReply });
  t.match(frames[1], { control: false, streamId: 3, flags: 1 });
  t.equal((frames[1] as { data: Buffer }).data.toString(), 'hello');
});
