namespace MnistBlazor.Shared.Tests.Infrastructure;

public sealed class TemporaryPostgresTests
{
    [Fact]
    public void Without_the_server_programs_the_PostgreSQL_tests_fail_saying_what_to_install()
    {
        using var noInstall = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(noInstall.Path, "15", "bin")); // a version folder without initdb

        var error = Assert.Throws<InvalidOperationException>(() => new TemporaryPostgres(noInstall.Path));

        Assert.Contains("install the Debian package 'postgresql'", error.Message);
        Assert.Contains("scripts/setup.sh", error.Message);
    }
}
