import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { createClient } from 'redis';
import type { Logger } from 'pino';

/**
 * State that replicas of the API must share, or that one process keeps for itself: the key-value cache behind
 * automatic persisted queries and the response cache, and the store behind rate limits. With REDIS_URL it is
 * Redis (every replica sees the same cache and the same budgets); without it, process memory.
 */
export interface SharedState {
  cache: KeyValueCache<string>;
  /** The Redis client, for the rate limiter; undefined when state is in memory. */
  redis?: ReturnType<typeof createClient>;
  close(): Promise<void>;
}

export async function openSharedState(redisUrl: string | undefined, logger: Logger): Promise<SharedState> {
  if (!redisUrl) {
    // 64 MB of cached responses and persisted queries per process.
    return { cache: new InMemoryLRUCache<string>({ maxSize: 64 * 1024 * 1024 }), close: async () => undefined };
  }
  const redis = createClient({ url: redisUrl, socket: { connectTimeout: 5_000, reconnectStrategy: (retries) => Math.min(retries * 200, 2_000) } });
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis error'));
  try {
    await redis.connect();
  } catch (error) {
    throw new Error(`Cannot reach Redis at ${redisUrl.replace(/\/\/[^@]*@/, '//***@')}: ${(error as Error).message}. Check REDIS_URL or unset it to keep caches in memory.`, { cause: error });
  }
  const keyv = new Keyv({ store: new KeyvRedis(redis as never), namespace: 'pubgraph' });
  return {
    cache: new KeyvAdapter(keyv as never) as KeyValueCache<string>,
    redis,
    async close() {
      await redis.quit().catch(() => undefined);
    },
  };
}
