using System.Diagnostics;

namespace Booking.Grains.Interfaces;

/// <summary>
/// Sends an unsampled trace's context with a grain call. Orleans' activity propagation sends a context only for a call it
/// records, so a grain called under an unsampled request or grain call started a trace of its own: logged under another
/// trace id, and sampled again at the ratio, as a trace without its request. Registered before Orleans' propagation (on the
/// Api's client and on every silo), this sends the current context when it is not recorded; Orleans' filter replaces it
/// with its client span's when it records one. The callee then follows its caller's "not sampled" and logs its trace id.
/// </summary>
public sealed class UnsampledTracePropagation : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (Activity.Current is { Recorded: false } current)
        {
            DistributedContextPropagator.Current.Inject(current, null, static (_, key, value) => RequestContext.Set(key, value));
        }

        return context.Invoke();
    }
}
