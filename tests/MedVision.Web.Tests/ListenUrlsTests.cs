namespace MedVision.Web.Tests;

public sealed class ListenUrlsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.0.0.2:0")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    public void Loopback_IsAccepted_WithoutTheFlag(string url) =>
        Assert.Single(ListenUrls.Check([url], allowRemote: false));

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://192.168.1.20:5080")]
    [InlineData("http://workstation.example:5080")]
    [InlineData("http://localhost.example:5080")]
    public void NonLoopback_IsRefusedWithoutAllowRemote_AndAcceptedWithIt(string url)
    {
        var e = Assert.Throws<ServeOptionsException>(() => ListenUrls.Check(["http://127.0.0.1:5080", url], allowRemote: false));
        Assert.Contains("--allow-remote", e.Message, StringComparison.Ordinal);
        Assert.Contains(url, e.Message, StringComparison.Ordinal);
        Assert.Equal(2, ListenUrls.Check(["http://127.0.0.1:5080", url], allowRemote: true).Count);
    }

    [Theory]
    [InlineData("https://127.0.0.1:5080")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("http://127.0.0.1:5080/app")]
    [InlineData("ftp://127.0.0.1")]
    public void OtherForms_AreRefused_NamingTheUrl(string url)
    {
        var e = Assert.Throws<ServeOptionsException>(() => ListenUrls.Check([url], allowRemote: true));
        Assert.Contains(url, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARemoteBind_IsRefusedByTheServiceBuilder_BeforeAnythingIsLoaded()
    {
        var e = Assert.Throws<ServeOptionsException>(() => ServiceHost.Build(new ServeOptions { ModelsFolder = "/nonexistent", Urls = ["http://0.0.0.0:0"] }));
        Assert.Contains("--allow-remote", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedHosts_AreLoopbackNames_AndTheBoundHost()
    {
        var hosts = ListenUrls.AllowedHosts(ListenUrls.Check(["http://127.0.0.5:80", "http://0.0.0.0:81"], allowRemote: true));
        Assert.Equal(["127.0.0.1", "127.0.0.5", "[::1]", "localhost"], hosts.Order(StringComparer.Ordinal));
    }
}
