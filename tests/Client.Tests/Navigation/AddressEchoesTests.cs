using MnistBlazor.Client.Navigation;

namespace MnistBlazor.Client.Tests.Navigation;

public sealed class AddressEchoesTests
{
    [Fact]
    public void Late_echoes_of_the_components_own_writes_are_not_news()
    {
        var echoes = AtZeroThenWritten(1, 2);

        // The address catches up one write at a time, after both.
        Assert.False(echoes.IsNews(1));
        Assert.False(echoes.IsNews(2));
        Assert.False(echoes.IsNews(2));
    }

    [Fact]
    public void An_address_the_component_did_not_write_is_news_and_forgets_the_writes_still_pending()
    {
        var echoes = AtZeroThenWritten(1, 2);

        Assert.False(echoes.IsNews(1));
        Assert.True(echoes.IsNews(5)); // Back in the browser's history

        Assert.True(echoes.IsNews(2)); // no longer awaited: news like any other address
    }

    [Fact]
    public void Writing_what_the_address_says_or_will_say_needs_no_write()
    {
        var echoes = new AddressEchoes<(bool, int)>((false, 0));

        Assert.False(echoes.Write((false, 0)));
        Assert.True(echoes.Write((true, 3)));
        Assert.False(echoes.Write((true, 3)));
        Assert.True(echoes.Write((false, 0)));
    }

    private static AddressEchoes<int> AtZeroThenWritten(params int[] values)
    {
        var echoes = new AddressEchoes<int>(0);
        Assert.All(values, value => Assert.True(echoes.Write(value)));
        return echoes;
    }
}
