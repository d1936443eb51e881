package io.kulta.testing.browser;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Debian's chromium, headless, driven by its chromedriver through Selenium. Without them the test is skipped, unless
 * KULTA_REQUIRE_BROWSER asks for them (as {@code .ci/run} does), which makes that a failure. Register it as an
 * extension: when a test fails, the page's screenshot and HTML are kept in target/browser/.
 */
public final class HeadlessChromium implements AfterEachCallback, AutoCloseable {
    public static final String REQUIRE_ENV = "KULTA_REQUIRE_BROWSER";
    static final Path BROWSER = Path.of(System.getenv().getOrDefault("KULTA_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("KULTA_CHROMEDRIVER", "/usr/bin/chromedriver"));
    public static final Path OUT = Path.of("target/browser");

    private WebDriver driver;

    /** Starts the browser, or skips (fails, with KULTA_REQUIRE_BROWSER) the test when it is not installed. */
    public WebDriver start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            String why = "no headless browser: " + BROWSER + " and " + DRIVER + " must exist (apt-get install chromium chromium-driver)";
            if (required()) throw new AssertionError(why + "; " + REQUIRE_ENV + " asks for it");
            Assumptions.abort(why);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1500");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        return driver;
    }

    static boolean required() {
        String v = System.getenv(REQUIRE_ENV);
        return v != null && List.of("true", "1", "yes").contains(v.trim().toLowerCase(Locale.ROOT));
    }

    /** Waits up to {@code seconds} for the condition to give something other than null or false. */
    public <T> T await(int seconds, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(100)).withMessage(what).until(condition);
    }

    /** The attribute of the first element the selector finds, or null while there is none (read in one step: the page redraws). */
    public String attribute(String css, String name) {
        Object value = ((JavascriptExecutor) driver).executeScript(
                "const e = document.querySelector(arguments[0]); return e === null ? null : e.getAttribute(arguments[1]);", css, name);
        return value == null ? null : value.toString();
    }

    /** Clicks the first element the selector finds, as a user would; again if the page redrew it under the click. */
    public void click(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class)
                .withMessage("nothing to click at " + css)
                .until(d -> {
                    d.findElement(By.cssSelector(css)).click();
                    return true;
                });
    }

    /** The text of the first element the selector finds, or null while there is none. */
    public String text(String css) {
        Object value = ((JavascriptExecutor) driver).executeScript(
                "const e = document.querySelector(arguments[0]); return e === null ? null : e.textContent;", css);
        return value == null ? null : value.toString();
    }

    public Path screenshot(String name) {
        try {
            Files.createDirectories(OUT);
            Path png = OUT.resolve(name + ".png");
            Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return png;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (driver != null && context.getExecutionException().isPresent()) {
            String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName() + "-failed";
            Path png = screenshot(name);
            Files.writeString(OUT.resolve(name + ".html"), driver.getPageSource());
            System.out.println("HeadlessChromium: the page at the failure is in " + png.toAbsolutePath() + " (and .html)");
        }
        close();
    }

    @Override
    public void close() {
        if (driver != null) driver.quit();
        driver = null;
    }
}
