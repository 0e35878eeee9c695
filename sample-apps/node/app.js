'use strict';
// The sample service in Node.js: GET /work under a capacity model, health and readiness
// endpoints, and POST /admin/behaviour. Express, whose routes the OpenTelemetry
// auto-instrumentations record (http.route, span name "GET /work"); the service itself knows
// nothing of telemetry.
const express = require('express');

function fail(message) {
  console.error(`sample-app-node: ${message}`);
  process.exit(2);
}

function integer(name, value) {
  if (!/^\s*-?\d+\s*$/.test(String(value))) throw new Error(`${name}: '${value}' is not a whole number`);
  return parseInt(value, 10);
}

function decimal(name, value) {
  const n = Number(String(value).trim());
  if (String(value).trim() === '' || Number.isNaN(n)) throw new Error(`${name}: '${value}' is not a number`);
  return n;
}

function validate(b) {
  const check = (ok, name, value, expected) => {
    if (!ok) throw new Error(`${name}: '${value}' must be ${expected}`);
  };
  check(b.concurrency >= 1, 'APP_CONCURRENCY', b.concurrency, 'a whole number of at least 1');
  check(b.queueLimit >= 0, 'APP_QUEUE_LIMIT', b.queueLimit, 'a whole number of at least 0');
  check(b.serviceTimeMs >= 0, 'APP_SERVICE_TIME_MS', b.serviceTimeMs, '0 or more');
  check(['constant', 'exponential', 'lognormal'].includes(b.distribution), 'APP_SERVICE_TIME_DIST',
    b.distribution, 'one of constant, exponential, lognormal');
  check(b.sigma > 0, 'APP_SERVICE_TIME_SIGMA', b.sigma, 'a number above 0');
  check(b.errorRate >= 0 && b.errorRate <= 1, 'APP_ERROR_RATE', b.errorRate, 'a number from 0 to 1');
  check(b.startupDelayMs >= 0, 'APP_STARTUP_DELAY_MS', b.startupDelayMs, '0 or more');
  return b;
}

function fromEnv(env) {
  return validate({
    concurrency: integer('APP_CONCURRENCY', env.APP_CONCURRENCY ?? '4'),
    queueLimit: integer('APP_QUEUE_LIMIT', env.APP_QUEUE_LIMIT ?? '100'),
    serviceTimeMs: integer('APP_SERVICE_TIME_MS', env.APP_SERVICE_TIME_MS ?? '50'),
    distribution: String(env.APP_SERVICE_TIME_DIST ?? 'exponential').toLowerCase(),
    sigma: decimal('APP_SERVICE_TIME_SIGMA', env.APP_SERVICE_TIME_SIGMA ?? '0.5'),
    errorRate: decimal('APP_ERROR_RATE', env.APP_ERROR_RATE ?? '0'),
    startupDelayMs: integer('APP_STARTUP_DELAY_MS', env.APP_STARTUP_DELAY_MS ?? '0'),
  });
}

function gaussian() {
  // Box-Muller
  const u = 1 - Math.random();
  const v = Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function drawServiceTime(b) {
  const mean = b.serviceTimeMs;
  switch (b.distribution) {
    case 'constant': return mean;
    case 'exponential': return -mean * Math.log(1 - Math.random());
    // mu chosen so that the mean of exp(mu + sigma * Z) is the declared mean.
    default: return Math.exp(Math.log(mean) - (b.sigma * b.sigma) / 2 + b.sigma * gaussian());
  }
}

function publicJson(b) {
  return {
    concurrency: b.concurrency, queueLimit: b.queueLimit, serviceTimeMs: b.serviceTimeMs,
    distribution: b.distribution, sigma: b.sigma, errorRate: b.errorRate,
  };
}

let behaviour;
try {
  behaviour = fromEnv(process.env);
} catch (e) {
  fail(e.message);
}

const started = process.hrtime.bigint();
const instance = process.env.HOSTNAME ?? 'local';
let active = 0;
const waiting = [];

function respond(res, status, body) {
  res.status(status).json(body);
}

// A replica's capacity: `concurrency` workers first come, first served, at most `queueLimit`
// waiting for one, refusal past that.
function serve(res, arrived) {
  active += 1;
  const queuedMs = Number(process.hrtime.bigint() - arrived) / 1e6;
  const b = behaviour;
  const serviceTimeMs = drawServiceTime(b);
  // The service time is spent waiting, not computing, so replicas stay independent on few cores.
  setTimeout(() => {
    const failed = Math.random() < b.errorRate;
    respond(res, failed ? 500 : 200, failed
      ? { instance, serviceTimeMs, queuedMs, error: 'injected' }
      : { instance, serviceTimeMs, queuedMs });
    active -= 1;
    while (active < behaviour.concurrency && waiting.length > 0) {
      const next = waiting.shift();
      serve(next.res, next.arrived);
    }
  }, serviceTimeMs);
}

function work(res) {
  const arrived = process.hrtime.bigint();
  if (active < behaviour.concurrency) {
    serve(res, arrived);
  } else if (waiting.length < behaviour.queueLimit) {
    waiting.push({ res, arrived });
  } else {
    respond(res, 503, { error: 'queue full' });
  }
}

function admin(req, res) {
  try {
    const text = typeof req.body === 'string' ? req.body : '';
    const changes = text.trim() === '' ? {} : JSON.parse(text);
    const next = { ...behaviour };
    for (const key of ['concurrency', 'queueLimit', 'serviceTimeMs']) {
      if (key in changes) next[key] = integer(key, changes[key]);
    }
    for (const key of ['sigma', 'errorRate']) {
      if (key in changes) next[key] = decimal(key, changes[key]);
    }
    if ('distribution' in changes) next.distribution = String(changes.distribution).toLowerCase();
    behaviour = validate(next);
    respond(res, 200, publicJson(behaviour));
  } catch (e) {
    respond(res, 400, { error: e.message });
  }
}

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.get('/work', (req, res) => work(res));
app.get('/healthz', (req, res) => respond(res, 200, { status: 'ok' }));
app.get('/readyz', (req, res) => {
  const ready = Number(process.hrtime.bigint() - started) / 1e6 >= behaviour.startupDelayMs;
  respond(res, ready ? 200 : 503, { ready });
});
// The body is parsed here rather than by express.json(), so that every language answers a
// malformed body with the same 400 and message.
app.post('/admin/behaviour', express.text({ type: () => true }), admin);
app.all('/admin/behaviour', (req, res) =>
  respond(res, 405, { error: 'POST a JSON object of changes' }));
app.use((req, res) => respond(res, 404, { error: 'not found' }));

const host = process.env.APP_HOST ?? '127.0.0.1';
const port = integer('APP_PORT', process.env.APP_PORT ?? '8080');
const server = app.listen(port, host, 1024, () => {
  console.log(`sample-app-node listening on ${host}:${port} ${JSON.stringify(publicJson(behaviour))}`);
});
server.keepAliveTimeout = 65000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
