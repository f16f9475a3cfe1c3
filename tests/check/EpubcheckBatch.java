// EpubcheckBatch.java: runs EPUBCheck on many files in one JVM, since
// starting Java costs seconds per file. Run as a single-file program:
//   java -cp /usr/share/java/epubcheck.jar EpubcheckBatch.java FILE.epub...
// Prints "ok FILE" or "FAIL FILE" after EPUBCheck's own report of each file;
// a warning counts as a failure. Exit status 0 when every file passed.
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubcheckBatch {
	public static void main(String[] args) {
		int failed = 0;
		for (String file : args) {
			int rc = new EpubChecker().run(new String[] { file, "--failonwarnings" });
			System.out.println((rc == 0 ? "ok " : "FAIL ") + file);
			if (rc != 0)
				failed++;
		}
		System.exit(failed == 0 ? 0 : 1);
	}
}
