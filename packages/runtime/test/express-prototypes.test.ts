import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import express from 'express';
import { closeServer, listen, portOf } from '../src/index';

/** Counts the Object.setPrototypeOf calls that give an object a prototype other than the one it has. */
function countPrototypeChanges(): { readonly changes: number; restore(): void } {
  const original = Object.setPrototypeOf;
  const counter = { changes: 0, restore: () => void (Object.setPrototypeOf = original) };
  Object.setPrototypeOf = (target: object, prototype: object | null) => {
    if (Object.getPrototypeOf(target) !== prototype) counter.changes += 1;
    return original(target, prototype);
  };
  return counter;
}

async function serve(app: express.Express): Promise<string> {
  const server = await listen(app, 0, '127.0.0.1');
  after(() => closeServer(server));
  return `http://127.0.0.1:${portOf(server)}`;
}

describe('listen: express apps served with their prototypes in place', () => {
  it('gives requests and responses their app prototypes when they are made, so express changes none', async () => {
    const app = express();
    const api = express.Router();
    api.post('/things/:id', express.json(), (req, res) => {
      res
        .status(201)
        .set('x-seen', req.get('x-sent') ?? '')
        .json({
          id: req.params.id,
          body: req.body as unknown,
          query: req.query,
          same_app: req.app === app,
          path: req.path,
          base_url: req.baseUrl,
        });
    });
    app.use('/api', api);
    const url = await serve(app);

    const counter = countPrototypeChanges();
    let response: Response;
    try {
      response = await fetch(`${url}/api/things/7?flag=yes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sent': 'hello' },
        body: JSON.stringify({ a: 1 }),
      });
      await response.clone().arrayBuffer();
    } finally {
      counter.restore();
    }
    assert.equal(counter.changes, 0);
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('x-seen'), 'hello');
    assert.deepEqual(await response.json(), {
      id: '7',
      body: { a: 1 },
      query: { flag: 'yes' },
      same_app: true,
      path: '/things/7',
      base_url: '/api',
    });
  });

  it('still serves a mounted sub-app with its own settings and methods', async () => {
    const app = express();
    const sub = express();
    sub.set('json spaces', 2);
    sub.get('/hello', (req, res) => void res.json({ mounted_at: req.baseUrl, sub_app: req.app === sub }));
    app.use('/sub', sub);
    app.get('/after', (req, res) => void res.json({ main_app: req.app === app }));
    const url = await serve(app);

    const fromSub = await fetch(`${url}/sub/hello`);
    assert.equal(await fromSub.text(), JSON.stringify({ mounted_at: '/sub', sub_app: true }, null, 2));
    const fromMain = await fetch(`${url}/after`);
    assert.deepEqual(await fromMain.json(), { main_app: true });
  });
});
