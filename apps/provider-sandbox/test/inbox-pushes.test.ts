import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useProviderSandbox } from './provider-sandbox.fixture';
import {
  newDeviceToken,
  newNotification,
  newVapidDetails,
  sendWebPush,
  subscribe,
  useApnsProviders,
} from './push-sandbox.fixture';

describe('pushes on the inbox page', () => {
  const fx = useProviderSandbox();
  const newProvider = useApnsProviders(fx);
  const inbox = async () => (await fetch(`${fx.sandbox.url}/`)).text();
  const pushesOf = (html: string) => /<section id="pushes">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';

  it('shows APNs and Web Push pushes beside the emails, newest first, escaped', async () => {
    const token = newDeviceToken();
    const notification = newNotification(fx, { collapseId: 'c<1>' });
    notification.alert = { title: '<script>alert("apns")</script>', body: 'Body & <b>more</b>' };
    assert.deepEqual((await newProvider().send(notification, token)).failed, []);
    const subscription = await subscribe(fx);
    const payload = JSON.stringify({ title: '<img src=x onerror=alert(1)>', body: 'it\'s "quoted"' });
    assert.equal((await sendWebPush(subscription, payload, { vapidDetails: newVapidDetails() })).status, 201);

    const html = await inbox();
    const pushes = pushesOf(html);
    assert.doesNotMatch(html, /<script|<img|<b>/i);
    assert.match(
      pushes,
      /<span class="kind">APNs<\/span> &lt;script&gt;alert\(&quot;apns&quot;\)&lt;\/script&gt;/,
    );
    assert.match(pushes, /Body &amp; &lt;b&gt;more&lt;\/b&gt;/);
    assert.match(pushes, /c&lt;1&gt;/);
    assert.match(pushes, new RegExp(token));
    assert.match(pushes, /<span class="kind">Web Push<\/span> &lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(pushes, /it&#39;s \\&quot;quoted\\&quot;/);
    assert.ok(
      pushes.indexOf('Web Push</span>') < pushes.indexOf('APNs</span>'),
      'the newer push comes first',
    );
    assert.match(html, /<meta http-equiv="refresh" content="\d+">/);
    assert.match(html, /<section id="emails">/);
  });

  it('says so when no push has arrived', async () => {
    assert.match(pushesOf(await inbox()), /No push yet/);
  });
});
