using System.Text.Json;
using System.Text.RegularExpressions;

namespace CtiPush.Tests.Web;

/// <summary>
/// The page's words live in i18n/en.json and i18n/de.json only: both files have the same keys with the same
/// placeholders, every key the markup or a module names is in them, and the markup itself holds no words.
/// Read from the source tree, without a browser.
/// </summary>
public sealed partial class PageTextTests
{
    private static readonly string Root = FindWwwroot();

    private static string FindWwwroot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var wwwroot = Path.Combine(folder.FullName, "src", "CtiPush.Api", "wwwroot");
            if (Directory.Exists(wwwroot))
            {
                return wwwroot;
            }
        }
        throw new DirectoryNotFoundException("src/CtiPush.Api/wwwroot above " + AppContext.BaseDirectory);
    }

    private static Dictionary<string, JsonElement> Messages(string language) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(Path.Combine(Root, "i18n", language + ".json")))!;

    /// <summary>The {name}s of a message; of a counted one ({"one","other"}), those of all its forms.</summary>
    private static SortedSet<string> Placeholders(JsonElement message) => message.ValueKind == JsonValueKind.Object
        ? new(message.EnumerateObject().SelectMany(form => Placeholders(form.Value)))
        : new(Placeholder().Matches(message.GetString()!).Select(m => m.Groups[1].Value));

    [Fact]
    public void English_and_German_have_the_same_keys_each_with_the_same_placeholders_and_no_empty_message()
    {
        var english = Messages("en");
        var german = Messages("de");

        Assert.Equal(english.Keys.Order(), german.Keys.Order());
        foreach (var (key, message) in english)
        {
            Assert.True(message.ValueKind == german[key].ValueKind, $"{key}: a string in one file, counted forms in the other");
            Assert.True(Placeholders(message).SetEquals(Placeholders(german[key])),
                $"{key}: en has {{{string.Join("} {", Placeholders(message))}}}, de {{{string.Join("} {", Placeholders(german[key]))}}}");
            foreach (var text in new[] { message, german[key] }.SelectMany(m => m.ValueKind == JsonValueKind.Object ? m.EnumerateObject().Select(f => f.Value) : [m]))
            {
                Assert.False(string.IsNullOrWhiteSpace(text.GetString()), $"{key} has an empty message");
            }
            if (message.ValueKind == JsonValueKind.Object)
            {
                Assert.True(message.TryGetProperty("other", out _) && german[key].TryGetProperty("other", out _), $"{key}: a counted message needs \"other\"");
            }
        }
    }

    [Fact]
    public void Every_key_the_markup_and_the_modules_name_is_in_the_resource_files()
    {
        var known = Messages("en").Keys.ToHashSet();
        var html = File.ReadAllText(Path.Combine(Root, "index.html"));
        var used = MarkupKey().Matches(html).Select(m => (File: "index.html", Key: m.Groups[1].Value)).ToList();
        foreach (var module in Directory.GetFiles(Root, "*.js"))
        {
            // Keys are written as double-quoted literals ("calls.state.ringing"), so that this test finds them all.
            used.AddRange(KeyLiteral().Matches(File.ReadAllText(module))
                .Select(m => m.Groups[1].Value)
                .Where(key => !key.EndsWith(".js", StringComparison.Ordinal) && !key.EndsWith(".json", StringComparison.Ordinal))
                .Select(key => (File: Path.GetFileName(module), Key: key)));
        }

        Assert.Contains(used, u => u.File == "calls.js"); // the scan finds keys in the modules at all
        Assert.Empty(used.Where(u => !known.Contains(u.Key)).Select(u => $"{u.File}: {u.Key}").Distinct());
    }

    [Fact]
    public void The_markup_holds_no_words_of_its_own_and_no_module_writes_literal_text()
    {
        var html = File.ReadAllText(Path.Combine(Root, "index.html"));
        var body = Regex.Replace(html[html.IndexOf("<body>", StringComparison.Ordinal)..], "<!--.*?-->", "", RegexOptions.Singleline);
        var text = Regex.Replace(body, "<[^>]+>", " ").Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["CtiPush", "CtiPush"], text); // the product's name in the two headings
        var attributes = WordAttribute().Matches(body).Select(m => m.Value).Where(a => !a.Contains("+49", StringComparison.Ordinal));
        Assert.Empty(attributes); // an example number is not a word

        foreach (var module in Directory.GetFiles(Root, "*.js"))
        {
            var literal = LiteralText().Matches(File.ReadAllText(module)).Select(m => m.Value);
            Assert.True(!literal.Any(), $"{Path.GetFileName(module)} writes literal text: {string.Join(", ", literal)}");
        }
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"data-i18n(?:-[a-z]+)?=""([^""]+)""")]
    private static partial Regex MarkupKey();

    [GeneratedRegex(@"""([a-z][a-zA-Z]*(?:\.[a-zA-Z0-9]+)+)""")]
    private static partial Regex KeyLiteral();

    [GeneratedRegex(@"\s(?:placeholder|aria-label|title|alt)=""[^""]*""")]
    private static partial Regex WordAttribute();

    [GeneratedRegex(@"(?:textContent|title|placeholder)\s*=\s*[""'`]|confirm\([""'`]|setAttribute\(""(?:aria-label|title|placeholder)"",\s*[""'`]")]
    private static partial Regex LiteralText();
}
