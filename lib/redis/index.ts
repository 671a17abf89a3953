// RedisTokenStore lands here (auth issue)
export {};
