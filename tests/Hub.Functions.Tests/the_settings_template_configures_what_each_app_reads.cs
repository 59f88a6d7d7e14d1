using Hub.Azure;
using Hub.Core;
using Hub.Functions.OrderSync;
using Hub.Functions.ReadStore;
using Hub.Orders;
using Hub.ReadStore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hub.Functions.Tests;

/// <summary>
/// local.settings.template.json is what a developer copies to run an app; it must hold every setting the app validates
/// at start-up, and the trigger's connection. The composition below is each Program.cs's, line for line.
/// </summary>
public sealed class the_settings_template_configures_what_each_app_reads
{
    private static IConfiguration Configuration(FunctionsApp app) => new ConfigurationBuilder()
        // App settings use "__" where configuration keys use ":", as the Functions host maps them.
        .AddInMemoryCollection(app.TemplateSettings.Select(p => KeyValuePair.Create(p.Key.Replace("__", ":"), (string?)p.Value)))
        .Build();

    private static ServiceProvider Compose(FunctionsApp app, Action<IServiceCollection> addCapability, params Type[] functions)
    {
        var configuration = Configuration(app);
        var services = new ServiceCollection().AddSingleton(configuration).AddLogging();
        services.AddHubCore().AddAzureAdapters(configuration);
        addCapability(services);
        foreach (var function in functions) services.AddTransient(function);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    [Fact]
    public void order_sync_starts_with_the_template_settings_and_can_build_its_function()
    {
        using var app = Compose(FunctionsApp.OrderSync, s => s.AddOrderSync(), typeof(ReceiveOrderWebhook));

        app.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void read_store_starts_with_the_template_settings_and_can_build_its_functions()
    {
        using var app = Compose(FunctionsApp.ReadStore, s => s.AddOrderReadStore(),
            typeof(ProjectOrder), typeof(GetOrder), typeof(ListOrders), typeof(Health), typeof(Ready));

        app.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void the_service_bus_trigger_connection_is_the_identity_based_setting_the_adapters_also_use()
    {
        var connection = (string)FunctionsApp.ReadStore.Binding("ProjectOrder", "message")["connection"]!;

        Assert.Contains($"{connection}__fullyQualifiedNamespace", FunctionsApp.ReadStore.TemplateSettings.Keys);
    }

    [Theory]
    [InlineData("OrderSync")]
    [InlineData("ReadStore")]
    public void the_registry_path_points_from_the_app_output_folder_to_the_seed_registry(string name)
    {
        var app = name == "OrderSync" ? FunctionsApp.OrderSync : FunctionsApp.ReadStore;
        var relative = app.TemplateSettings["Hub__RegistryPath"];

        // func start runs the worker in the build output folder, so the relative path starts there.
        Assert.True(File.Exists(Path.Combine(app.OutputDirectory, relative)), $"{relative} is not a file seen from {app.OutputDirectory}.");
        Assert.Equal("FUNCTIONS_WORKER_RUNTIME", app.TemplateSettings.Keys.First());
        Assert.Equal("dotnet-isolated", app.TemplateSettings["FUNCTIONS_WORKER_RUNTIME"]);
    }
}
