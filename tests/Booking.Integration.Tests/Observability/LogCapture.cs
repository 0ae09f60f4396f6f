using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Text;

namespace Booking.Integration.Tests.Observability;

/// <summary>
/// A logger provider that keeps every log entry it is given, rendered with everything a log sink could
/// write: category, message, the structured state, every scope (trace ids among them) and the exception.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder().Append(category).Append(' ').Append(formatter(state, exception));
            var traceIds = new List<string>();
            Append(text, state, traceIds);
            capture._scopes.ForEachScope((scope, builder) => Append(builder, scope, traceIds), text);
            text.Append(' ').Append(exception);
            capture._entries.Enqueue(new CapturedLog(category, logLevel, text.ToString(), traceIds));
        }

        private static void Append(StringBuilder text, object? state, List<string> traceIds)
        {
            text.Append(" | ").Append(state);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    text.Append(' ').Append(key).Append('=').Append(value);
                    if (key == "TraceId" && value is not null)
                    {
                        traceIds.Add(value.ToString()!);
                    }
                }
            }
        }
    }
}

/// <summary>One captured log entry: <see cref="Text"/> holds all of it; <see cref="TraceIds"/> the trace ids in its scopes.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Text, IReadOnlyList<string> TraceIds);
