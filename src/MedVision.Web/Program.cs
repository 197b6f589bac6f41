using MedVision.Web;

await ServiceHost.Build(args).RunAsync();
