using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MedVision.Imaging.Io;
using MedVision.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MedVision.Web.Tests;

/// <summary>The page in a real browser: open the printed address, upload a PNG and a DICOM, see the scores and the overlay, open a report.</summary>
[Collection(StudyGroup.Name)]
public sealed class PageEndToEndTests(StudyFixture study)
{
    [PlaywrightFact]
    public async Task UploadingAPngAndADicom_ShowsProbabilityAndOverlay_WithoutConsoleErrors()
    {
        await using var service = ServiceHost.Build(new ServeOptions
        {
            ModelsFolder = study.Models,
            RunsFolder = study.Runs,
            Urls = ["http://127.0.0.1:0"],
            TokenFile = Path.Combine(study.Root, $"e2e-{Guid.NewGuid():N}.token"),
        }, logging => logging.ClearProviders());
        await service.StartAsync();
        var dicom = await File.ReadAllBytesAsync(RepoPaths.Fixture("imaging", "dicom", "MR_small.dcm"));
        var expected = await ApiProbability(service, study.Png);
        var png = PngReader.Decode(study.Png, "png", ReadOptions.Default);

        // CI runs the test assemblies side by side on two cores: allow for a slow first prediction.
        SetDefaultExpectTimeout(30_000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = PlaywrightFactAttribute.Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu"],
        });
        var page = await browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url}");

        await page.GotoAsync(service.PageUrl.ToString());
        await Expect(page.Locator("#status")).ToHaveTextAsync("Ready.");
        // The token left the address bar for this tab's sessionStorage.
        Assert.DoesNotContain(service.Token, page.Url, StringComparison.Ordinal);
        Assert.Equal(service.Token, await page.EvaluateAsync<string>("sessionStorage.getItem('medvision-token')"));
        await Expect(page.Locator("#model")).ToHaveValueAsync("seed-cnn");
        await Expect(page.Locator("#card")).ToContainTextAsync("seed-cnn");

        await page.SetInputFilesAsync("#file", new FilePayload { Name = "scan.png", MimeType = "image/png", Buffer = study.Png });
        await Expect(page.Locator("#status")).ToHaveTextAsync("Scored with seed-cnn.");
        await Expect(page.Locator("#probability")).ToHaveTextAsync(expected.ToString("F3", CultureInfo.InvariantCulture));
        await Expect(page.Locator("#image")).ToHaveTextAsync($"PNG, {png.Width} × {png.Height}");
        await Expect(page.Locator("#overlay")).ToBeVisibleAsync();
        Assert.Equal(png.Width, await page.EvalOnSelectorAsync<int>("#overlay", "img => img.naturalWidth"));

        await page.SetInputFilesAsync("#file", new FilePayload { Name = "series.dcm", MimeType = "application/dicom", Buffer = dicom });
        await Expect(page.Locator("#image")).ToHaveTextAsync("DICOM, 64 × 64");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Scored with seed-cnn.");
        await page.WaitForFunctionAsync("document.getElementById('overlay').complete && document.getElementById('overlay').naturalWidth === 64");

        await page.GetByRole(AriaRole.Button, new() { Name = "Open report" }).ClickAsync();
        await Expect(page.Locator("#report")).ToBeVisibleAsync();
        // The report arrives through a blob URL (the token cannot ride on a plain link); its heading shows it loaded.
        await Expect(page.FrameLocator("#report").Locator("h1").First).ToBeVisibleAsync();
        await Expect(page.FrameLocator("#report").Locator("body")).ToContainTextAsync("seed-cnn");
        Assert.Contains(page.Frames, f => f.Url.StartsWith("blob:", StringComparison.Ordinal));

        Assert.Empty(problems);
        await service.StopAsync();
    }

    private static async Task<double> ApiProbability(LocalService service, byte[] png)
    {
        using var client = new HttpClient { BaseAddress = service.Addresses[0] };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", service.Token);
        using var content = new ByteArrayContent(png);
        using var response = await client.PostAsync(new Uri("/api/predict?model=seed-cnn", UriKind.Relative), content);
        return (double)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["probability"]!;
    }
}
