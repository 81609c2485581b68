namespace Switchboard.Server.Tests.Hosting;

internal static class WaitHandleExtensions
{
    public static Task WaitOneAsync(this WaitHandle handle, TimeSpan timeout)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = ThreadPool.RegisterWaitForSingleObject(handle, (_, timedOut) =>
        {
            if (timedOut)
            {
                completion.TrySetException(new TimeoutException());
            }
            else
            {
                completion.TrySetResult();
            }
        }, null, timeout, executeOnlyOnce: true);
        return completion.Task.ContinueWith(t =>
        {
            registration.Unregister(null);
            return t;
        }, TaskScheduler.Default).Unwrap();
    }
}
