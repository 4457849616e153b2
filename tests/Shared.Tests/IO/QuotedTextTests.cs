using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Tests.IO;

public sealed class QuotedTextTests
{
    [Theory]
    [InlineData("pixel7", "pixel7")]
    [InlineData("a\tb\r\n", "a\\tb\\r\\n")]
    [InlineData("\0\u0001\u007f", "\\u0000\\u0001\\u007F")]
    [InlineData("", "")]
    public void Control_characters_are_written_as_escapes(string text, string quoted) =>
        Assert.Equal(quoted, QuotedText.Of(text));

    [Fact]
    public void Long_text_is_cut_short_where_it_was_at_most_the_limit()
    {
        Assert.Equal(new string('x', 40), QuotedText.Of(new string('x', 40)));
        Assert.Equal(new string('x', 40) + "...", QuotedText.Of(new string('x', 41)));
        Assert.Equal("ab...", QuotedText.Of("abc", maxLength: 2));
    }
}
