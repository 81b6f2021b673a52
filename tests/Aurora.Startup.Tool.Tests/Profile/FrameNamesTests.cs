using Aurora.Startup.Tool.Profile;

namespace Aurora.Startup.Tool.Tests.Profile;

public sealed class FrameNamesTests
{
    [Theory]
    [InlineData("System.Threading.WaitHandle.WaitOneNoCheck(int32,bool,class System.Object,value class WaitHandleWaitSource)", "libcoreclr.so", "System.Threading.WaitHandle.WaitOneNoCheck")]
    [InlineData("Aurora.Cli.Store.MemoryStore+<OpenAsync>d__20.MoveNext()", "aur", "Aurora.Cli.Store.MemoryStore.OpenAsync [async]")]
    [InlineData("", "libe_sqlite3.so", "[native] libe_sqlite3.so")]
    [InlineData("?", "", "[native] ?")]
    public void A_frame_is_named_without_its_signature_and_an_async_state_machine_as_its_method(string fullName, string module, string expected)
        => Assert.Equal(expected, FrameNames.Of(fullName, module));

    [Fact]
    public void Async_builder_starts_go_and_a_kick_off_stub_merges_into_its_state_machine()
    {
        string[] frames =
        [
            "App.Program.Main",
            "App.Store.OpenAsync",
            "System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1[System.__Canon].Start",
            "System.Runtime.CompilerServices.AsyncMethodBuilderCore.Start",
            "App.Store.OpenAsync [async]",
            "Microsoft.Data.Sqlite.SqliteConnection.Open",
        ];

        Assert.Equal(["App.Program.Main", "App.Store.OpenAsync [async]", "Microsoft.Data.Sqlite.SqliteConnection.Open"], FrameNames.WithoutAsyncPlumbing(frames));
    }

    [Theory]
    [InlineData("Microsoft.Data.Sqlite.SqliteConnection.Open", "SqliteConnection.Open")]
    [InlineData("Microsoft.Data.Sqlite.SqliteConnection..ctor", "SqliteConnection..ctor")]
    [InlineData("System.Collections.Generic.Dictionary`2[System.__Canon,System.Int32].TryInsert", "Dictionary.TryInsert")]
    [InlineData("Aurora.Cli.Store.MemoryStore.OpenAsync [async]", "MemoryStore.OpenAsync [async]")]
    [InlineData("[JIT] App.Store.Migrate", "[JIT] App.Store.Migrate")]
    [InlineData("Main", "Main")]
    public void Without_its_namespace_a_frame_keeps_its_type_and_method(string name, string expected)
        => Assert.Equal(expected, FrameNames.WithoutNamespace(name));
}
