import t from 'tap';
import { MemoryStore } from '../../src/store/index.js';
import { storeContract } from './store-contract.js';

storeContract(t, async (t, options = {}) => {
  const store = new MemoryStore(options);
  t.teardown(() => store.close());
  return store;
});
