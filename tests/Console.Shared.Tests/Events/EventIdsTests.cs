using System.Buffers.Text;
using Console.Shared.Events;

namespace Console.Shared.Tests.Events;

public sealed class EventIdsTests
{
    [Fact]
    public void Ids_are_20_url_safe_characters_and_unique_across_threads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                ids.Add(EventIds.New());
            }
        });

        Assert.Equal(200_000, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids.Take(1000), id =>
        {
            Assert.Equal(20, id.Length);
            Assert.True(Base64Url.IsValid(id), id);
            Assert.DoesNotContain('+', id);
            Assert.DoesNotContain('/', id);
        });
    }

    [Fact]
    public void Ids_of_one_process_share_a_prefix_so_the_id_terms_compress()
    {
        var first = EventIds.New();
        var second = EventIds.New();
        Assert.Equal(first[..8], second[..8]);
        Assert.NotEqual(first, second);
    }
}
