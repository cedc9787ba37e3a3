import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUTHENTICATED_GROUP, authenticatorChain, bearerTokenOf, type RequestCredentials } from './authenticator.js';
import { parseTokenFile, splitCsvRecord, TokenFileAuthenticator } from './token-file.js';

function request(authorization?: string): RequestCredentials {
  return { bearerToken: bearerTokenOf(authorization) };
}

test('CSV records: quoted groups keep their commas, doubled quotes are quotes', () => {
  assert.deepEqual(splitCsvRecord('tok,alice,uid-1,"dev,ops"'), ['tok', 'alice', 'uid-1', 'dev,ops']);
  assert.deepEqual(splitCsvRecord('tok,"bob ""b""",2'), ['tok', 'bob "b"', '2']);
  assert.throws(() => splitCsvRecord('tok,"open'), /not closed/);
});

test('token file: users with groups, blank lines skipped, short lines refused with their line number', () => {
  const users = parseTokenFile('t1,admin,admin,"system:masters"\n\nt2,bob,42\r\n', 'tokens.csv');
  assert.deepEqual(users.get('t1'), { name: 'admin', uid: 'admin', groups: ['system:masters'] });
  assert.deepEqual(users.get('t2'), { name: 'bob', uid: '42', groups: [] });
  assert.throws(() => parseTokenFile('t1,admin,admin\nt2,bob\n', 'tokens.csv'), /tokens\.csv:2: .*at least 3 columns/);
  assert.throws(() => parseTokenFile(',admin,admin\n', 'tokens.csv'), /token is empty/);
});

test('bearer tokens: only the Bearer scheme counts', () => {
  assert.equal(bearerTokenOf('Bearer abc'), 'abc');
  assert.equal(bearerTokenOf('bearer  abc '), 'abc');
  assert.equal(bearerTokenOf('Basic YTpi'), undefined);
  assert.equal(bearerTokenOf(undefined), undefined);
});

test('the chain recognises known tokens and adds system:authenticated', async () => {
  const chain = authenticatorChain([new TokenFileAuthenticator(parseTokenFile('t1,admin,admin,"system:masters"\n', 'f'))]);
  assert.deepEqual(await chain.authenticate(request('Bearer t1')), { name: 'admin', uid: 'admin', groups: ['system:masters', AUTHENTICATED_GROUP] });
  assert.equal(await chain.authenticate(request('Bearer nope')), undefined);
  assert.equal(await authenticatorChain([]).authenticate(request('Bearer t1')), undefined);
});
