import { defineConfig } from 'vitest/config';

// The AWS SDK warns on every client under Node 20; the stack and the tests run there.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * `npm run test:interop`: real Kafka clients (kcat, confluent-kafka on librdkafka, kafka-python)
 * against the gateway that test/global-setup.ts starts with the local stack. Apart from
 * `npm test` because it needs those clients installed, and they take seconds per group join.
 */
export default defineConfig({
  test: {
    name: 'interop',
    include: ['test/interop/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // One client file at a time: the clients are processes of their own, and two cores are shared.
    fileParallelism: false,
    maxWorkers: 1,
    // Group joins, rebalances and the clients' own retries take seconds each.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
