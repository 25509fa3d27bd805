import t from 'tap';
import { staleCniRuleset } from '../../../src/agent/proxy/cleanup.js';

// As iptables-save prints the bridge plugin's ipMasq rules and portmap's DNAT rules.
const saved = [
  '*nat',
  ':POSTROUTING ACCEPT [0:0]',
  ':CNI-a118077484ab2714b0c2d2c8 - [0:0]',
  ':CNI-d867c96b307b455e8a94b397 - [0:0]',
  ':CNI-HOSTPORT-DNAT - [0:0]',
  ':CNI-DN-1111 - [0:0]',
  '-A POSTROUTING -s 10.42.0.3/32 -m comment --comment "name: \\"mk8s\\" id: \\"mk8s-75fdd3933744\\"" -j CNI-d867c96b307b455e8a94b397',
  '-A POSTROUTING -s 10.42.0.4/32 -m comment --comment "name: \\"mk8s\\" id: \\"mk8s-aa9430b6801b\\"" -j CNI-a118077484ab2714b0c2d2c8',
  '-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"mk8s\\" id: \\"mk8s-75fdd3933744\\"" -m multiport --dports 8080 -j CNI-DN-1111',
  '-A CNI-DN-1111 -p tcp -m comment --comment "dnat name: \\"mk8s\\" id: \\"mk8s-75fdd3933744\\"" --dport 8080 -j DNAT --to-destination 10.42.0.3:80',
  '-A CNI-a118077484ab2714b0c2d2c8 -d 10.42.0.0/24 -m comment --comment "name: \\"mk8s\\" id: \\"mk8s-aa9430b6801b\\"" -j ACCEPT',
  '-A CNI-d867c96b307b455e8a94b397 -d 10.42.0.0/24 -m comment --comment "name: \\"mk8s\\" id: \\"mk8s-75fdd3933744\\"" -j ACCEPT',
  '-A POSTROUTING -s 10.88.0.2/32 -m comment --comment "name: \\"other\\" id: \\"abc\\"" -j CNI-ffff',
  'COMMIT',
].join('\n');

t.test('only the rules and chains of sandboxes whose netns is gone are removed', async (t) => {
  const text = staleCniRuleset(saved, (id) => id === 'mk8s-aa9430b6801b');
  t.equal(text, [
    '*nat',
    '-D POSTROUTING -s 10.42.0.3/32 -m comment --comment "name: \\"mk8s\\" id: \\"mk8s-75fdd3933744\\"" -j CNI-d867c96b307b455e8a94b397',
    '-D CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"mk8s\\" id: \\"mk8s-75fdd3933744\\"" -m multiport --dports 8080 -j CNI-DN-1111',
    '-F CNI-d867c96b307b455e8a94b397', '-X CNI-d867c96b307b455e8a94b397',
    '-F CNI-DN-1111', '-X CNI-DN-1111',
    'COMMIT', '',
  ].join('\n'));
  t.notMatch(text, /aa9430b6801b/, 'a live sandbox keeps its rules');
  t.notMatch(text, /other|CNI-ffff/, 'another CNI network is never touched');
  t.notMatch(text, /-X CNI-HOSTPORT/, 'the shared hostport chains stay');
});

t.test('nothing stale: no input at all', async (t) => {
  t.equal(staleCniRuleset(saved, () => true), '');
  t.equal(staleCniRuleset('*nat\nCOMMIT\n', () => false), '');
});
