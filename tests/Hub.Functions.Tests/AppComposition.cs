using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Hosting;

namespace Hub.Functions.Tests;

/// <summary>
/// Runs a Functions app's own Program.cs up to the moment its host is built, and keeps that host unstarted: what its
/// composition registered, without a Functions host to talk to. Uses the hosting library's "HostBuilt" diagnostic event,
/// as ASP.NET Core's WebApplicationFactory does.
/// </summary>
public static class AppComposition
{
    /// <summary>
    /// Held while any entry point in this process builds its host, here and in <see cref="HttpRoutes"/> (Standalone under
    /// WebApplicationFactory): both find the host through the process-wide "HostBuilt" event, so two at once catch each
    /// other's host, and one of them waits for a host that never comes.
    /// </summary>
    internal static readonly Lock OneAtATime = new();

    /// <param name="args">Command-line arguments, which the app's builder reads as configuration (<c>--KEY=value</c>).</param>
    public static IHost Build(Assembly app, params string[] args)
    {
        lock (OneAtATime)
        {
            IHost? built = null;
            using var subscription = DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
            {
                if (listener.Name != "Microsoft.Extensions.Hosting") return;
                listener.Subscribe(new Observer<KeyValuePair<string, object?>>(e =>
                {
                    if (e.Key != "HostBuilt" || built is not null) return;
                    built = (IHost)e.Value!;
                    throw new HostAbortedException();
                }));
            }));
            try
            {
                app.EntryPoint!.Invoke(null, [args]);
            }
            catch (TargetInvocationException e) when (e.InnerException is HostAbortedException)
            {
            }
            return built ?? throw new InvalidOperationException($"{app.GetName().Name}'s Program did not build a host.");
        }
    }

    private sealed class Observer<T>(Action<T> onNext) : IObserver<T>
    {
        public void OnNext(T value) => onNext(value);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }
}
