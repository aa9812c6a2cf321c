"""The Redis cache keeps one client object per connection pool."""

from core.rediscache import RedisCache


def test_the_redis_cache_reuses_its_client_objects():
    cache = RedisCache("redis://127.0.0.1:1/0", {})
    client = cache._cache.get_client("key")
    assert cache._cache.get_client("other") is client
    assert cache._cache.get_client("key", write=True) is client  # one server
