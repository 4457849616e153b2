using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Tests.Data;

public class DataFileExceptionTests
{
    [Fact]
    public void Message_names_file_line_and_column()
    {
        var exception = new DataFileException("/somewhere/train.csv", "value '300' is outside 0..255", 17, "pixel42");

        Assert.Equal("/somewhere/train.csv line 17, column pixel42: value '300' is outside 0..255", exception.Message);
        Assert.Equal("/somewhere/train.csv", exception.FilePath);
        Assert.Equal(17, exception.Line);
        Assert.Equal("pixel42", exception.Field);
    }

    [Fact]
    public void Message_without_line_names_the_field()
    {
        var exception = new DataFileException("/d/x-idx3-ubyte", "bad", field: "magic number");

        Assert.Equal("/d/x-idx3-ubyte, magic number: bad", exception.Message);
        Assert.Null(exception.Line);
    }
}
