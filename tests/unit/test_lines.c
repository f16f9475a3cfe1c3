/* test_lines.c — the line classifier: credits, bylines, datelines, captions,
 * and the features of a line. */
#include <stdlib.h>

#include "formats/article/article.h"
#include "check.h"

static int credit(const char *s, size_t *at)
{
	return article_match_credit(s, strlen(s), at);
}

/* The credit's text, or "" when none. */
static const char *credit_text(const char *s)
{
	size_t at;
	return credit(s, &at) ? s + at : "";
}

static void test_credits(void)
{
	CHECK_STR(credit_text("郝颺 摄"), "郝颺 摄");
	CHECK_STR(credit_text("红烛精神照后人。组宣 摄"), "组宣 摄");
	CHECK_STR(credit_text("标准化党员活动室。组宣 摄"), "组宣 摄");
	CHECK_STR(credit_text("本报记者 张三 摄"), "本报记者 张三 摄");
	CHECK_STR(credit_text("市民在公园赏花。本报记者 李明 摄"), "本报记者 李明 摄");
	CHECK_STR(credit_text("王五/摄"), "王五/摄");
	CHECK_STR(credit_text("夜市人潮洶湧。（記者陳大文攝）"), "（記者陳大文攝）");
	CHECK_STR(credit_text("资料图片"), "资料图片");
	CHECK_STR(credit_text("大桥合龙现场。新华社发"), "新华社发");
	CHECK_STR(credit_text("Crews clear debris on Monday. (AP Photo/Jane Doe)"),
	          "(AP Photo/Jane Doe)");
	CHECK_STR(credit_text("A man walks past. (Reuters/John Roe)"), "(Reuters/John Roe)");
	CHECK_STR(credit_text("郝颺 张三 摄"), "郝颺 张三 摄");
	/* Not credits: a verb 摄 inside text, a name glued to the caption. */
	CHECK_STR(credit_text("他们在这里拍摄"), "");
	CHECK_STR(credit_text("乌海市深入贯彻落实新时代党的建设总要求。"), "");
	CHECK_STR(credit_text("The mayor said (in a statement) that it was fine."), "");
	CHECK_STR(credit_text("Drawn by R. P. Brandt"), "Drawn by R. P. Brandt");
	CHECK_STR(credit_text("(Copyright: 1908: By Rockwood.)"), "(Copyright: 1908: By Rockwood.)");
	CHECK_STR(credit_text("Drawn by hand, the map shows the river."), "");
	CHECK_STR(credit_text("视频-穆帅竖大拇指 媒体来源：新浪体育"), "媒体来源：新浪体育");
	CHECK_STR(credit_text("图片来源：视觉中国"), "图片来源：视觉中国");
	/* a photographer before the source: both the credit */
	CHECK_STR(credit_text("资料图：市民骑车出行。中新社发 司伟 摄 图片来源：CNSPHOTO"),
	          "中新社发 司伟 摄 图片来源：CNSPHOTO");
	CHECK_STR(credit_text("据介绍，图片来源：网络上的说法并不可靠，专家提醒大家注意。"), "");
	/* A source after 图/ closing a caption; a stock source in brackets
	 * or at the end; not 图/ in a byline that credits its pictures, nor
	 * a sentence after it. */
	CHECK_STR(credit_text("市民在公园里赏花。图/视觉中国"), "图/视觉中国");
	CHECK_STR(credit_text("夜市人潮洶湧。圖／記者陳大文"), "圖／記者陳大文");
	CHECK_STR(credit_text("市民在公园里赏花。（东方IC）"), "（东方IC）");
	CHECK_STR(credit_text("市民在公园里赏花。（图片来源于网络）"), "（图片来源于网络）");
	CHECK_STR(credit_text("文/本报记者 王明 图/李华"), "");
	CHECK_STR(credit_text("如图/表所示，今年的增长主要来自外需。"), "");
	/* A web page's credit on its own line. */
	CHECK_STR(credit_text("Scott Olson/Getty Images"), "Scott Olson/Getty Images");
	CHECK_STR(credit_text("Jane Doe/AFP via Getty Images"), "Jane Doe/AFP via Getty Images");
	CHECK_STR(credit_text("Photograph: Jane Doe/Reuters"), "Photograph: Jane Doe/Reuters");
	CHECK_STR(credit_text("Getty Images"), "Getty Images");
	CHECK_STR(credit_text("Input/output"), "");
	CHECK_STR(credit_text("Jane Doe/Apple"), "");
	CHECK_STR(credit_text("Photo: The mayor spoke on Monday."), "");
	/* BBC pages: the credit over its caption, the caption's lead. */
	CHECK(*credit_text("Image copyright Getty Images") == 'I');
	CHECK(*credit_text("Image source, Reuters") == 'I');
	CHECK(article_credit_first("Image source, Reuters", strlen("Image source, Reuters")));
	CHECK(!article_credit_first("Photo: Reuters", strlen("Photo: Reuters")));
	CHECK(article_match_caption_lead("Image caption Protesters gathered",
	                                 strlen("Image caption Protesters gathered")));
	CHECK(article_match_caption_lead("Media caption, The minister spoke",
	                                 strlen("Media caption, The minister spoke")));
	CHECK(!article_match_caption_lead("Image captions are short.",
	                                  strlen("Image captions are short.")));
	/* A photo spread's numbered captions. */
	static const char *const numbered[] = {
		"图②：专家在村里工作。", "图①、图④：民众在街头欢迎。", "圖1：小朋友在公園玩耍",
		"图十二：夜色中的大桥",
	};
	for (size_t k = 0; k < sizeof numbered / sizeof *numbered; k++)
		CHECK(article_numbered_photo(numbered[k], strlen(numbered[k])) > 0);
	CHECK(!article_numbered_photo("图书馆：新馆开放", strlen("图书馆：新馆开放")));
	CHECK(!article_numbered_photo("图①民众在街头", strlen("图①民众在街头")));
}

static int byline(const char *s, size_t *at)
{
	return article_match_byline(s, strlen(s), at);
}

static void test_bylines(void)
{
	size_t at;
	CHECK(byline("□郝颺", &at) && at == 3);
	CHECK(byline("本报记者 张三 李四", &at) && at == 0);
	CHECK(byline("記者王小明／台北報導", &at));
	CHECK(byline("By JANE DOE and JOHN ROE", &at));
	CHECK(byline("By Jane Doe, Associated Press", &at));
	CHECK(byline("[By Perry Arnold, United Press Staff Correspondent]", &at));
	CHECK(!byline("By the time the storm hit, the city was dark.", &at));
	CHECK(!byline("记者17日从国家卫生健康委获悉，近阶段相关部门持续推进。", &at));
	CHECK(!byline("党的组织体系不断夯实", &at));
	CHECK(byline("（本报记者 张三）", &at) && at == 0);
	CHECK(byline("【記者陳大明╱台北報導】", &at) && at == 0);
	CHECK(byline("記者陳大明╱台北報導", &at));
	CHECK(byline("^By PAUL BYRNE and ALMUDENA CALATRAVA=", &at));
	CHECK(byline("By Joanna Corman / joanna.corman@latimes.com", &at));
	CHECK(byline("PAUL QUEARY, Associated Press writer", &at));
	CHECK(byline("[United Press Leased Wire Service]", &at));
	CHECK(byline("--Compiled by Vickie Kavanagh", &at));
	/* ◎ before a role marks a byline (and stays in its text); before
	 * other words an info box's item. */
	CHECK(byline("◎本报记者 王明", &at) && at == 0);
	CHECK(!byline("◎活动时间：每周六上午", &at));
	CHECK(byline("文·图/本报记者 王明", &at));
	CHECK(byline("本报通讯员 李华", &at) &&
	      article_match_dateline("本报通讯员 李华", strlen("本报通讯员 李华")) == 0);
	CHECK(byline("Written by Ann Lee", &at));
	CHECK(!byline("Written by hand, the note was short.", &at));
	CHECK(!byline("The Associated Press reported that the storm hit.", &at));
	CHECK(byline("本报记者康健发自上海", &at));
	CHECK(byline("(塞尔吉奥/任语之)", &at));
	CHECK(byline("张连军　熊言春　本报特约通讯员　韩光　张旭航", &at));
	CHECK(!byline("张连军　熊言春", &at));
	CHECK(byline("文/图 本报记者 李四", &at));
	CHECK(!byline("（编辑：严玉洁 王辉）", &at));
	/* A market column signed by a firm and its analyst. */
	CHECK(byline("信达证券　刘景德", &at));
	CHECK(byline("清华大学 王小明 李四", &at));
	CHECK(!byline("下周趋势　看平", &at));
	CHECK(!byline("信达证券", &at));
	/* A writer's name alone on its line, after a common surname. */
	CHECK(byline("王建国", &at));
	CHECK(byline("歐陽明", &at));
	CHECK(!byline("张", &at));
	CHECK(!byline("黄金周", &at));
	CHECK(!byline("结语", &at));
	/* Taiwanese papers: a desk and where it reports from, a translator,
	 * a byline in 〔〕 opening the story. */
	CHECK(byline("生活中心／台北報導", &at));
	CHECK(byline("編譯張三／綜合外電報導", &at));
	CHECK(byline("〔記者王小明／台北報導〕", &at) && at == 0);
	const char *lead = "〔記者王小明／台北報導〕中央氣象局今天發布颱風警報。";
	CHECK(article_match_byline_lead(lead, strlen(lead)) == strlen("〔記者王小明／台北報導〕"));
	CHECK(!byline("生活中心／台北", &at));
	/* a desk before its reporter's name, as a role */
	CHECK(byline("（突發中心江宏倫／台北報導）", &at));
	CHECK(!byline("县教师发展中心集中培训", &at));
	/* a commentary signed by its paper's or agency's commentator */
	CHECK(byline("本报评论员", &at));
	CHECK(byline("人民日报评论员", &at));
	CHECK(byline("新华社特约评论员", &at));
	CHECK(byline("本報評論員", &at));
	CHECK(!byline("评论员", &at));
	CHECK(!byline("这是评论员", &at));
	CHECK(!byline("本报评论员认为", &at));
	/* a speaker's or an official's posts before the name */
	CHECK(byline("国务院副总理　李　明", &at));
	CHECK(byline("中共中央总书记、国家主席　江泽民", &at));
	CHECK(!byline("国务院副总理", &at));
	CHECK(!byline("国务院副总理　李明在会上说", &at));
	CHECK(!byline("今年春运　全面展开", &at));
	/* a paper's desk signing for no one */
	CHECK(byline("From staff and wire reports", &at));
	CHECK(byline("Staff reports", &at));
	CHECK(!byline("From staff and wire reports, officials said", &at));

	/* A byline, how many authors it names, the first and the second
	 * (NULL: not checked). */
	static const struct {
		const char *line;
		size_t count;
		const char *first, *second;
	} authors[] = {
		{ "[By Perry Arnold, United Press Staff Correspondent]", 1, "Perry Arnold", NULL },
		{ "By JANE DOE and JOHN ROE", 2, "Jane Doe", "John Roe" },
		{ "By JANE DOE Associated Press", 1, "Jane Doe", NULL },
		{ "By United Press", 0, NULL, NULL },
		{ "By United. Press", 0, NULL, NULL },
		{ "By The Associated Press", 0, NULL, NULL },
		{ "By Reuters", 0, NULL, NULL },
		{ "From staff and wire reports", 0, NULL, NULL },
		{ "本报记者 张三 李四", 2, "张三", NULL },
		{ "本报北京3月12日讯　记者孙立平、何雯报道：", 2, NULL, "何雯" },
		{ "信达证券　刘景德", 1, "刘景德", NULL },
		{ "--Compiled by Vickie Kavanagh", 1, "Vickie Kavanagh", NULL },
		{ "By Jane Porter and Mark Ellis, CNN", 2, NULL, NULL },
		{ "（突發中心／台北報導）", 0, NULL, NULL },
		{ "(塞尔吉奥/任语之)", 2, NULL, "任语之" },
		{ "本报记者康健发自上海", 1, "康健", NULL },
		{ "記者王小明╱台北報導", 1, NULL, NULL },
		{ "記者王小明／台北報導", 1, "王小明", NULL },
		{ "生活中心／台北報導", 0, NULL, NULL },
		{ "（突發中心江宏倫／台北報導）", 1, "江宏倫", NULL },
		{ "社會中心王大明、李小華／台北報導", 2, "王大明", "李小華" },
		{ "編譯張三／綜合外電報導", 1, "張三", NULL },
		{ "〔記者王小明／台北報導〕", 1, "王小明", NULL },
		{ "（本报记者王刚摄）", 1, "王刚", NULL },
		{ "記者林志成攝", 1, "林志成", NULL },
		{ "（中央社記者王小明台北5日電）", 1, "王小明", NULL },
		{ "（中央社記者陳家倫華盛頓4日專電）", 1, "陳家倫", NULL },
		{ "（中央社記者李明台北5日電）", 1, "李明", NULL },
		{ "人民日报评论员", 0, NULL, NULL },
		{ "据新华社北京1月8日电", 0, NULL, NULL },
		{ "記者 陳大文 報道", 1, "陳大文", NULL },
		{ "中共中央总书记、国家主席　江泽民", 1, "江泽民", NULL },
		{ "国务院副总理　李　明", 1, "李明", NULL },
		{ "新华社上海１月８日电　（记者孙国华）", 1, "孙国华", NULL },
	};
	docconv_buf names;
	docconv_buf_init(&names);
	for (size_t k = 0; k < sizeof authors / sizeof *authors; k++) {
		names.len = 0;
		const char *s = authors[k].line;
		CHECK(article_byline_authors(s, strlen(s), &names) == authors[k].count);
		if (authors[k].first)
			CHECK_STR(names.data, authors[k].first);
		if (authors[k].second)
			CHECK_STR(names.data + strlen(names.data) + 1, authors[k].second);
	}
	docconv_buf_free(&names);
}

static size_t dateline(const char *s)
{
	return article_match_dateline(s, strlen(s));
}

static int ends(const char *s)
{
	return article_ends_sentence(s, strlen(s));
}

/* A full stop after an abbreviation ends no sentence. */
static void test_sentence_ends(void)
{
	CHECK(ends("for good."));
	CHECK(ends("他说。”"));
	CHECK(ends("\"It is over.\""));
	CHECK(!ends("Garden Plains, Kan., on Oct."));
	CHECK(!ends("said Mr."));
	CHECK(!ends("Kansas City, St. Joseph, E. St."));
	CHECK(ends("out in the West."));   /* a whole word, not its end */
	CHECK(!ends("and the"));
}

/* The lines of `text` with their features. */
static void lines_of(article_lines *L, const char *text)
{
	CHECK(article_split_lines(text, strlen(text), L, NULL) == DOCCONV_OK);
	CHECK(article_line_features(L) == DOCCONV_OK);
}

static void test_fields(void)
{
	int alone;
	CHECK(article_match_field("标题：春耕", strlen("标题：春耕"), &alone) == FIELD_TITLE && !alone);
	CHECK(article_match_field("时间：：2018年", strlen("时间：：2018年"), &alone) == FIELD_DATE);
	CHECK(article_match_field("Time: 16:15", 11, &alone) == FIELD_DATE && !alone);
	CHECK(article_match_field("内容：", strlen("内容："), &alone) == FIELD_BODY && alone);
	CHECK(article_match_field("Content: ", 9, &alone) == FIELD_BODY && alone);
	CHECK(article_match_field("标题党横行", strlen("标题党横行"), &alone) == FIELD_NONE);
	CHECK(article_match_field("Timeline: x", 11, &alone) == FIELD_NONE);
	/* A portal's times and a paper's dates. */
	static const char *const dates[] = {
		"更新時間：2016/05/31 10:20", "发稿时间：2019-04-25 08:00",
		"發布日期：2020年1月2日", "出版日期：2018年3月1日",
	};
	for (size_t k = 0; k < sizeof dates / sizeof *dates; k++)
		CHECK(article_match_field(dates[k], strlen(dates[k]), &alone) == FIELD_DATE && !alone);
	/* A title label alone: the title on the line under it. */
	article_lines L;
	lines_of(&L, "标题：\n春耕备耕有序推进\n内容：\n眼下正值春耕备耕关键时期。\n");
	CHECK(L.n == 4 && L.v[0].allow == (1u << LABEL_PARAGRAPH) &&
	      L.v[1].allow == (1u << LABEL_TITLE));
	article_lines_free(&L);
}

static int masthead(const char *s)
{
	return article_match_masthead(s, strlen(s));
}

/* A paper's name heading a page, maybe with the date; not a headline
 * that happens to name a paper or to end in one of their words. */
static void test_mastheads(void)
{
	CHECK(masthead("Business Wire") == 2);
	CHECK(masthead("New York Times January 8, 2002") == 2);
	CHECK(masthead("The Clarion Ledger March 18, 2002") == 2);
	CHECK(masthead("Greensboro News & Record") == 1);
	CHECK(masthead("Greensboro News & Record Wednesday, May 1, 2002") == 2);
	CHECK(masthead("Omaha World-Herald") == 2);
	CHECK(masthead("人民日报") == 2);
	CHECK(masthead("人民日报 2003年1月1日 第4版") == 2);
	CHECK(masthead("Rising Star") == 1);
	CHECK(masthead("Good News") == 1);
	CHECK(!masthead("Times"));
	CHECK(!masthead("The Columbian"));
	CHECK(!masthead("New Rules for the Press"));
	CHECK(!masthead("The Sun Also Rises"));
	CHECK(!masthead("Times Square Reopens After Storm"));
	CHECK(!masthead("Herald Staff Writer"));
	CHECK(!masthead("State's Poor to Lose $2 Million in Legal Aid"));
	CHECK(!masthead("喜报"));
	CHECK(!masthead("本报讯"));
	CHECK(!masthead("人民日报发表评论员文章"));
	/* An e-paper's page label. */
	CHECK(masthead("第2版(要闻·体育)") == 2);
	CHECK(masthead("第A05版：要闻") == 2);
	CHECK(masthead("第十二版") == 2);
	CHECK(!masthead("第二版本发布会举行"));
	CHECK(!masthead("第2季度经济数据"));
}

static void test_datelines(void)
{
	CHECK(dateline("本报讯 昨日，全市") == strlen("本报讯 "));
	CHECK(dateline("本报乌海讯（记者 张三）近日，全市") == strlen("本报乌海讯（记者 张三）"));
	CHECK(dateline("新华社北京11月17日电 记者17日从") == strlen("新华社北京11月17日电 "));
	CHECK(dateline("中央社記者王小明台北5日電 行政院") == strlen("中央社記者王小明台北5日電 "));
	CHECK(dateline("他们5日电话联系了记者") == 0);
	CHECK(dateline("中新网北京12月1日电(记者 张曦) 30日晚") ==
	      strlen("中新网北京12月1日电(记者 张曦) "));
	CHECK(dateline("新浪体育讯　穆里尼奥已经举手投降了") == strlen("新浪体育讯　"));
	CHECK(dateline("Berlin (dpa) - Negotiations between") == strlen("Berlin (dpa) - "));
	CHECK(dateline("Rio de Janeiro (AFP) -- Police said") ==
	      strlen("Rio de Janeiro (AFP) -- "));
	CHECK(dateline("Ms Smith (left) - who spoke") == 0);
	CHECK(dateline("The Times (London) - a paper") == 0);
	CHECK(dateline("新浪体育讯　穆里尼奥已经举手投降了？从表面上") == strlen("新浪体育讯　"));
	CHECK(dateline("JAKARTA (Reuters) - Countries around Asia") == strlen("JAKARTA (Reuters) - "));
	CHECK(dateline("(CNN) -- The Pennsylvania official") == strlen("(CNN) -- "));
	/* A special report (专电) and its reporter. */
	CHECK(dateline("新华网东京3月15日专电(记者蓝建中)日本研究人员日前开发出新方法。") ==
	      strlen("新华网东京3月15日专电(记者蓝建中)"));
	CHECK(dateline("他3日专门电告家人，一切平安。") == 0);
	/* CNN's later form: the story right after the bracket. */
	CHECK(dateline("(CNN)The storm made landfall.") == strlen("(CNN)"));
	CHECK(dateline("Washington (CNN)President Biden said.") == strlen("Washington (CNN)"));
	CHECK(dateline("WASHINGTON (CNN)\"We are ready,\" he said.") == strlen("WASHINGTON (CNN)"));
	CHECK(dateline("(CNN)the storm") == 0);
	CHECK(dateline("Paris (Fashion)Week opens") == 0);
	CHECK(dateline("BEAVERTON -- The Comcast Foundation") == strlen("BEAVERTON -- "));
	CHECK(dateline("HOUSTON (AP) \xE2\x80\x94 Crews") == strlen("HOUSTON (AP) \xE2\x80\x94 "));
	CHECK(dateline("NEW YORK, Nov. 8.\xE2\x80\x94President") == strlen("NEW YORK, Nov. 8.\xE2\x80\x94"));
	CHECK(dateline("LONDON, Dec. 1. Flat refusal of") == strlen("LONDON, Dec. 1. "));
	CHECK(dateline("HALIFAX, Nova Scotia (Reuters) - Lobster") ==
	      strlen("HALIFAX, Nova Scotia (Reuters) - "));
	CHECK(dateline("SAN FRANCISCO, Calif. (AP) \xE2\x80\x94 A") ==
	      strlen("SAN FRANCISCO, Calif. (AP) \xE2\x80\x94 "));
	/* Reporters that end the dateline in 报道：, bracketed sources, a
	 * report taken from an agency, the ways wires set the dash. */
	CHECK(dateline("本报北京1月1日讯记者王晓东、李敏报道：今天") ==
	      strlen("本报北京1月1日讯记者王晓东、李敏报道："));
	CHECK(dateline("本报北京5月9日电 董宾、高立英报道：北空") ==
	      strlen("本报北京5月9日电 董宾、高立英报道："));
	CHECK(dateline("（中央社記者吳家豪、江明晏台北15日電）2016年") ==
	      strlen("（中央社記者吳家豪、江明晏台北15日電）"));
	CHECK(dateline("（中央社台北28日電）台北外匯市場") == strlen("（中央社台北28日電）"));
	CHECK(dateline("【环球时报综合报道】美国") == strlen("【环球时报综合报道】"));
	CHECK(dateline("据新华社电　以军日前") == strlen("据新华社电　"));
	CHECK(dateline("本报记者黄涛报道") == strlen("本报记者黄涛报道"));
	CHECK(dateline("新华社北京１２月３１日电（记者　张三）今天") ==
	      strlen("新华社北京１２月３１日电（记者　张三）"));
	CHECK(dateline("新华社北京１月５日电　（记者张明）全国铁路") ==
	      strlen("新华社北京１月５日电　（记者张明）"));
	CHECK(dateline("新华社北京１月５日电　（２）全国") == strlen("新华社北京１月５日电　"));
	CHECK(dateline("WASHINGTON (AP) _ The Senate") == strlen("WASHINGTON (AP) _ "));
	CHECK(dateline("DETROIT-(BUSINESS WIRE)-Nov. 13, 2002-Michigan will") ==
	      strlen("DETROIT-(BUSINESS WIRE)-Nov. 13, 2002-"));
	CHECK(dateline("LEwEs.\xE2\x80\x94 The friends") == strlen("LEwEs.\xE2\x80\x94 "));
	/* Old papers' wire items through OCR: a stop for a comma, letters for
	 * digits, a month misread. */
	CHECK(dateline("NEW YORK. Sept. 16. John D.") == strlen("NEW YORK. Sept. 16. "));
	CHECK(dateline("SCRANTON, Pa., Sept. 16. The") == strlen("SCRANTON, Pa., Sept. 16. "));
	CHECK(dateline("LEADVILLE, Colo.. Sent. 1C") == strlen("LEADVILLE, Colo.. Sent. 1C"));
	CHECK(dateline("ASBURY PARK, N. J., Ntfv. 8.\xE2\x80\x94The") ==
	      strlen("ASBURY PARK, N. J., Ntfv. 8.\xE2\x80\x94"));
	CHECK(dateline("Havana. April 30.\xE2\x80\x94 The law") ==
	      strlen("Havana. April 30.\xE2\x80\x94 "));
	CHECK(dateline("New York, Sept. 16, 1911.") == strlen("New York, Sept. 16, 1911."));
	CHECK(dateline("John Smith, March 4 was the day.") == 0);
	/* After a place in capitals, a day OCR made letters, or no stop
	 * before the sentence; `St.` opening a place. */
	CHECK(dateline("LdSADVILIK, Colo.. Sent. 1C A. note") ==
	      strlen("LdSADVILIK, Colo.. Sent. 1C "));
	CHECK(dateline("ATLANTA, Ga.. Sept. lG. The") == strlen("ATLANTA, Ga.. Sept. lG. "));
	CHECK(dateline("St. Louis. April 3O. \xE2\x80\x94 The") ==
	      strlen("St. Louis. April 3O. \xE2\x80\x94 "));
	CHECK(dateline("Mr. Lewis, March ix. The") == 0);
	CHECK(dateline("The Senate, May in the spring") == 0);
	CHECK(dateline("John Smith, March 4 Then") == 0);
	/* OCR's noise around a dateline's parts: a month's abbreviation no
	 * day follows is a state's (`Mass.`), a space before a state's stop,
	 * a lone capital without one, a day garbled or missing before the
	 * dash, an hour, a spaced hyphen for the dash; a name of five
	 * letters is no month (`Falls.`). */
	CHECK(dateline("BOSTON, Mass.,' Nov. 8.\xE2\x80\x94Police") ==
	      strlen("BOSTON, Mass.,' Nov. 8.\xE2\x80\x94"));
	CHECK(dateline("MONTERKY. Mcx., Sept. 1(5. Three") ==
	      strlen("MONTERKY. Mcx., Sept. 1(5. "));
	CHECK(dateline("Watertown. N. V . April 30.\xE2\x80\x94 Newton") ==
	      strlen("Watertown. N. V . April 30.\xE2\x80\x94 "));
	CHECK(dateline("Plattsburg. N. T April 30.\xE2\x80\x94" "forest") ==
	      strlen("Plattsburg. N. T April 30.\xE2\x80\x94"));
	CHECK(dateline("Glens Falls. N. T. April\xE2\x80\x94" "A forest") ==
	      strlen("Glens Falls. N. T. April\xE2\x80\x94"));
	CHECK(dateline("St. Louis, April 3\xC2\xAB>.\xE2\x80\x94Starting") ==
	      strlen("St. Louis, April 3\xC2\xAB" ">.\xE2\x80\x94"));
	CHECK(dateline("London, May. l. 1 a.m.\xE2\x80\x94The") ==
	      strlen("London, May. l. 1 a.m.\xE2\x80\x94"));
	CHECK(dateline("WASHINGTON, Dec. J. Original") == strlen("WASHINGTON, Dec. J. "));
	CHECK(dateline("LEXINGTON, Ky., Jan. 4 - The violent") ==
	      strlen("LEXINGTON, Ky., Jan. 4 - "));
	CHECK(dateline("Washington, May 3\xC2\xAB" "> the bill") == 0);
	CHECK(dateline("Boston, Mass. The team") == 0);
	CHECK(dateline("Great Falls, Mont., is a city") == 0);
	CHECK(dateline("John Smith, March - he said") == 0);
	CHECK(dateline("Tower Hamlets.-- The Tories") == strlen("Tower Hamlets.-- "));
	/* a long month with one letter misread, a day with its ordinal */
	CHECK(dateline("Berlin, Deoember 23.-The Prussian") == strlen("Berlin, Deoember 23.-"));
	CHECK(dateline("St. Petersburg, December 17th.-The") ==
	      strlen("St. Petersburg, December 17th.-"));
	CHECK(dateline("Jane, Juno 17.-The") == 0);
	CHECK(dateline("Berlin, Decembers 17.-The") == 0);
	/* a place and the day of the week a letter left it */
	CHECK(dateline("LONDON, Thursday Evening.") == strlen("LONDON, Thursday Evening."));
	CHECK(dateline("Paris, Monday.-The Emperor") == strlen("Paris, Monday.-"));
	CHECK(dateline("Then, Monday. We went") == 0);
	/* Not datelines: a bracketed byline (a reporter and a slash), a
	 * sentence with a dash, a note in brackets. */
	CHECK(dateline("【記者陳大明╱台北報導】今天") == 0);
	CHECK(dateline("Yesterday we went.\xE2\x80\x94 no") == 0);
	CHECK(dateline("（附图片1张）") == 0);
	CHECK(dateline("The best and worst of Bollywood in 2014.") == 0);
	CHECK(dateline("乌海市深入贯彻落实新时代党的建设总要求") == 0);
	CHECK(dateline("I think so - he said") == 0);
}

static void test_split(void)
{
	const char *text = "乌海：争当党建排头兵 汇集能量促发展\n\n□郝颺\n"
	                   "　　第一段。　　第二段。\r\nEnd of a govern-\n";
	article_lines L;
	docconv_diag d;
	docconv_diag_init(&d, "t");
	CHECK(article_split_lines(text, strlen(text), &L, &d) == DOCCONV_OK);
	CHECK(L.n == 6);
	CHECK(L.v[0].kind == LINE_TEXT && L.v[0].no == 1 && !L.v[0].ends_sentence);
	CHECK(L.v[0].width == 2 * 17 + 1);
	CHECK(L.v[1].kind == LINE_BLANK);
	CHECK(L.v[2].kind == LINE_BYLINE);
	CHECK(L.v[3].indent == 2 && L.v[4].indent == 2 && L.v[3].no == 4 && L.v[4].no == 4);
	CHECK(L.v[3].ends_sentence);
	CHECK(L.v[5].ends_hyphen);
	article_lines_free(&L);
	docconv_diag_free(&d);
}

/* A page flattened to one line with single spaces is cut where a short
 * sentence stands (a subhead, a dateline), not at abbreviations, and not
 * between the long sentences of running text. */
static void test_flattened(void)
{
	static const char *const body =
	    "The journals have been filled with the message of the President, but "
	    "they make scarcely any original remarks upon it in their columns today. "
	    "The Minister of War has granted thirty thousand furloughs in the army, "
	    "the rest in the engineers and the waggon-train of the southern provinces. ";
	docconv_buf b;
	docconv_buf_init(&b);
	CHECK(docconv_buf_puts(&b, "THE DAILY POST, FRIDAY, DECEMBER 25, 1857. ") == 0);
	for (int k = 0; k < 6; k++) {
		static const char *const heads[] = { "FRANCE. ", "BELGIUM. ", "ITALY. ",
			                             "PRUSSIA. ", "RUSSIA. ", "SPAIN. " };
		CHECK(docconv_buf_puts(&b, heads[k]) == 0);
		CHECK(docconv_buf_puts(&b, "St. Petersburg, December 24.-") == 0);
		CHECK(docconv_buf_puts(&b, body) == 0);
		CHECK(docconv_buf_puts(&b, body) == 0);
	}
	CHECK(b.len >= 2000);
	article_lines L;
	CHECK(article_split_lines(b.data, b.len, &L, NULL) == DOCCONV_OK);
	/* the paper's name; then each country, and its dateline with its
	 * four long sentences */
	CHECK(L.n == 13);
	CHECK(L.n > 2 && L.v[1].len == strlen("FRANCE.") && memcmp(L.v[1].s, "FRANCE.", 7) == 0);
	static const char dated[] = "St. Petersburg, December 24.-The journals";
	CHECK(L.n > 2 && L.v[2].len > strlen(dated) && memcmp(L.v[2].s, dated, strlen(dated)) == 0);
	article_lines_free(&L);
	/* the same line among other lines is a long paragraph, not a page */
	CHECK(docconv_buf_puts(&b, "\nA second paragraph, long enough to count for "
	                          "something on this page of text.\n") == 0);
	docconv_buf short_page;
	docconv_buf_init(&short_page);
	for (int k = 0; k < 3; k++)
		CHECK(docconv_buf_puts(&short_page, "Another line of running text that stands "
		                                    "on its own in the article.\n") == 0);
	CHECK(docconv_buf_puts(&short_page, b.data) == 0);
	for (int k = 0; k < 40; k++)
		CHECK(docconv_buf_puts(&short_page, "Another line of running text that stands "
		                                    "on its own in the article.\n") == 0);
	CHECK(article_split_lines(short_page.data, short_page.len, &L, NULL) == DOCCONV_OK);
	CHECK(L.n == 3 + 1 + 1 + 40);
	article_lines_free(&L);
	docconv_buf_free(&short_page);
	docconv_buf_free(&b);
}

/* Chinese segmented into words, by full-width or ASCII spaces, is joined
 * up (a Latin pair of words keeps its space); text that is not stays. */
static void test_segmented(void)
{
	const char *text = "中央社　記者　王小明　台北　五日　電\n"
	                   "行政院　今天　通過　新　的　交通　安全　計畫　，　預計　明年　上路　。\n"
	                   "交通部　表示　，　這　項　計畫　將　加強　New York　路口　安全　設施　。\n";
	article_lines L;
	CHECK(article_split_lines(text, strlen(text), &L, NULL) == DOCCONV_OK);
	CHECK(L.n >= 3 && L.joined != NULL);
	CHECK(L.v[0].len == strlen("中央社記者王小明台北五日電") &&
	      memcmp(L.v[0].s, "中央社記者王小明台北五日電", L.v[0].len) == 0);
	CHECK(memmem(L.v[2].s, L.v[2].len, "New York", 8) != NULL);
	CHECK(L.v[0].dateline_len == L.v[0].len);
	article_lines_free(&L);
	const char *plain = "行政院今天通過新的交通安全計畫，預計明年上路。\n"
	                    "本报北京3月12日讯　记者孙立平报道：眼下正值春耕备耕关键时期。\n";
	CHECK(article_split_lines(plain, strlen(plain), &L, NULL) == DOCCONV_OK);
	CHECK(L.joined == NULL);
	article_lines_free(&L);
}

/* A name glued to its caption is found by the page's other credits. */
static void test_known_names(void)
{
	const char *text = "红烛精神照后人。组宣 摄\n\n海勃湾区社区活动室组宣 摄\n"
	                   "乌海市深入贯彻落实新时代党的建设总要求组宣\n";
	article_lines L;
	docconv_diag d;
	docconv_diag_init(&d, "t");
	CHECK(article_split_lines(text, strlen(text), &L, &d) == DOCCONV_OK);
	CHECK(L.n == 4);
	CHECK(L.v[2].kind == LINE_CAPTION_CREDIT);
	CHECK(L.v[2].len - L.v[2].credit_at == strlen("组宣 摄") &&
	      memcmp(L.v[2].s + L.v[2].credit_at, "组宣 摄", strlen("组宣 摄")) == 0);
	CHECK(L.v[3].kind == LINE_TEXT);
	article_lines_free(&L);
	docconv_diag_free(&d);
}

/* The word index behind the wrap-hyphen rule: whole words and hyphenated
 * pairs, not pieces of longer ones. */
static void test_words(void)
{
	static const char text[] = "A long-term plan, co-owned by Misgovern\n"
	                           "and the well-being-index. Over-\nseas 42-day";
	article_lines l;
	CHECK(article_split_lines(text, sizeof text - 1, &l, NULL) == DOCCONV_OK);
	CHECK(article_text_has_word(&l, "long-term", 9));
	CHECK(article_text_has_word(&l, "co-owned", 8));
	CHECK(article_text_has_word(&l, "well-being", 10));
	CHECK(article_text_has_word(&l, "being-index", 11));
	CHECK(article_text_has_word(&l, "plan", 4));
	CHECK(article_text_has_word(&l, "Misgovern", 9));
	CHECK(!article_text_has_word(&l, "govern", 6));
	CHECK(!article_text_has_word(&l, "long", 3));
	CHECK(!article_text_has_word(&l, "Over-seas", 9));
	CHECK(!article_text_has_word(&l, "day", 2));
	CHECK(article_text_has_word(&l, "day", 3));
	CHECK(!article_text_has_word(&l, "longterm", 8));
	article_lines_free(&l);
}

/* The decoder's rules (features.c): the classes they forbid a line, and
 * the reading they make. */
static unsigned forbids(const article_lines *L, size_t i, article_label l)
{
	return (L->v[i].forbid >> l) & 1u;
}

static void test_decoder_rules(void)
{
	/* page_head: a Chinese page opens on its headline, not a subhead;
	 * deck_number: a headline's digits that are no date make no
	 * dateline; a date's do; report_head: the headline over a dateline
	 * is no subhead and no paragraph. */
	const char *deck = "女足亚洲杯半决赛\n\n中国队2比1逆转日本队\n\n"
	                   "新华社悉尼2月3日电\n\n比赛第30分钟，日本队率先破门。\n";
	article_lines L;
	lines_of(&L, deck);
	CHECK(forbids(&L, 0, LABEL_HEADING) && !forbids(&L, 0, LABEL_TITLE));
	CHECK(forbids(&L, 2, LABEL_DATELINE) && !forbids(&L, 2, LABEL_TITLE));
	CHECK(forbids(&L, 2, LABEL_HEADING) && forbids(&L, 2, LABEL_PARAGRAPH));
	CHECK(!forbids(&L, 4, LABEL_DATELINE));
	CHECK(!forbids(&L, 6, LABEL_DATELINE));
	CHECK(article_decode(&L, &article_weights, NULL) == DOCCONV_OK);
	CHECK(L.v[0].label == LABEL_KICKER && L.v[2].label == LABEL_TITLE &&
	      L.v[4].label == LABEL_DATELINE);
	article_lines_free(&L);

	/* report_head: on a page of reports one line a paragraph, a
	 * headline over a dateline begins the next article. */
	const char *reports = "全市春季植树活动启动\n"
	                      "本报讯（记者张文）３月１２日上午，全市春季义务植树活动启动。\n"
	                      "据介绍，今年全市计划新增造林面积５万亩。\n"
	                      "城区新增停车位三千个\n"
	                      "本报讯（记者李华）今年以来，城区新增公共停车位３０００余个。\n";
	lines_of(&L, reports);
	CHECK(forbids(&L, 3, LABEL_PARAGRAPH) && forbids(&L, 3, LABEL_HEADING) &&
	      !forbids(&L, 3, LABEL_TITLE));
	CHECK(!forbids(&L, 2, LABEL_PARAGRAPH));
	CHECK(article_decode(&L, &article_weights, NULL) == DOCCONV_OK);
	CHECK(L.v[0].label == LABEL_TITLE && L.v[3].label == LABEL_TITLE);
	article_lines_free(&L);

	/* pictured: a picture's source alone under its caption is its
	 * credit, the line above its caption. */
	const char *pictured = "多地迎来降雪\n\n12月5日，市民在雪中出行。\n图/视觉中国\n\n"
	                       "本报讯（记者 李明）受冷空气影响，5日我国北方多地迎来降雪。\n";
	lines_of(&L, pictured);
	CHECK(L.v[3].rule_figure && forbids(&L, 3, LABEL_BYLINE) && !forbids(&L, 3, LABEL_CREDIT));
	CHECK(L.v[2].rule_figure && !forbids(&L, 2, LABEL_CAPTION));
	CHECK(article_decode(&L, &article_weights, NULL) == DOCCONV_OK);
	CHECK(L.v[2].label == LABEL_CAPTION && L.v[3].label == LABEL_CREDIT);
	article_lines_free(&L);

	/* centered_head: a portal's centered headline over a gap is no
	 * paragraph and no kicker; byline_head: a headline's shape over a
	 * reporter's bracketed byline is no caption; a Chinese line that
	 * no byline pattern matches is no byline. */
	const char *centered = "           中国体操队载誉归来 主任：拼搏精神比金牌更可贵\n\n\n\n"
	                       "中国体操队世锦赛英姿\n"
	                       "　　新华社北京11月5日电（夏鑫铭　卢羽晨）中国体操队5日抵达北京。\n"
	                       "山友獲救8天 已能站立\n"
	                       "〔記者林大同／花蓮報導〕獨攀中央山脈失聯多日的山友獲救。\n";
	lines_of(&L, centered);
	CHECK(L.n == 8);
	CHECK(forbids(&L, 0, LABEL_PARAGRAPH) && forbids(&L, 0, LABEL_KICKER) &&
	      !forbids(&L, 0, LABEL_TITLE));
	CHECK(forbids(&L, 4, LABEL_BYLINE) && !forbids(&L, 4, LABEL_CAPTION));
	CHECK(forbids(&L, 6, LABEL_CAPTION) && forbids(&L, 6, LABEL_PARAGRAPH) &&
	      !forbids(&L, 6, LABEL_TITLE));
	CHECK(!forbids(&L, 7, LABEL_BYLINE));
	CHECK(article_decode(&L, &article_weights, NULL) == DOCCONV_OK);
	CHECK(L.v[0].label == LABEL_TITLE && L.v[6].label == LABEL_TITLE);
	article_lines_free(&L);

	/* page_head: the first line over running text, no credit of its
	 * own, is no caption (a caption stands over its credit). */
	const char *opening = "测试新闻标题\n"
	                      "　　他说，这是一次很好的经验，大家都有收获。\n"
	                      "　　“救命啊”纸团。（记者王刚摄）\n";
	lines_of(&L, opening);
	CHECK(forbids(&L, 0, LABEL_CAPTION) && forbids(&L, 0, LABEL_HEADING) &&
	      !forbids(&L, 0, LABEL_TITLE));
	article_lines_free(&L);

	/* stamp_head: a web page's first line over its time stamp is its
	 * headline, even opening on a quote; the stamp a dateline. */
	const char *stamped = "\xE2\x80\x98We are ready.\xE2\x80\x99: Bus drivers back new schedule\n"
	                      "UPDATED: Tue., Nov. 19, 2019\n"
	                      "The drivers have voted to accept the new schedule, ending three months of talks.\n";
	lines_of(&L, stamped);
	CHECK(forbids(&L, 0, LABEL_PARAGRAPH) && forbids(&L, 0, LABEL_HEADING) &&
	      !forbids(&L, 0, LABEL_TITLE));
	CHECK(forbids(&L, 1, LABEL_TITLE) && !forbids(&L, 1, LABEL_DATELINE));
	article_lines_free(&L);

	/* gap_head: on a page of one paragraph a line, a subhead's shape
	 * over a blank line ends its block; a line cut after a comma or
	 * before a lowercase word may go on. */
	const char *gap = "Council approves budget\n\n"
	                  "The council voted on Tuesday to approve the budget.\n\n"
	                  "Where the money goes\n\n"
	                  "Most of it will go to road repairs, officials said.\n\n"
	                  "Roads, bridges\n\n"
	                  "And the two libraries get the rest of it this year.\n\n"
	                  "What comes next\n\n"
	                  "after the vote is a hearing on the plan in March.\n";
	lines_of(&L, gap);
	CHECK(L.n >= 15);
	CHECK(forbids(&L, 6, LABEL_PARAGRAPH_CONT));
	CHECK(!forbids(&L, 10, LABEL_PARAGRAPH_CONT));   /* a comma above */
	CHECK(!forbids(&L, 14, LABEL_PARAGRAPH_CONT));   /* lowercase */
	CHECK(!forbids(&L, 0, LABEL_HEADING));           /* not Chinese */
	article_lines_free(&L);
	/* dash_deck: in the body, a subhead over its `——` deck (or the next
	 * article's title over its deck: the weights tell): no paragraphs,
	 * the deck no subhead of its own. Not in the title block. */
	const char *decks = "峡江新气象\n——三峡库区蓄水半年看六大变化\n"
	                    "三峡大坝135米蓄水已有半年了，库区现状如何，记者近日坐船沿江看水，现场采访。\n"
	                    "江水清了\n——三峡沿线污水污物得到有效治理\n"
	                    "记者乘坐江山10号轮，从重庆朝天门码头始发，时届冬令，江流窄了，流速慢了。\n";
	lines_of(&L, decks);
	/* (page_title: a page of whole lines opens on its headline) */
	CHECK(forbids(&L, 0, LABEL_PARAGRAPH) && !forbids(&L, 0, LABEL_TITLE) &&
	      !forbids(&L, 1, LABEL_HEADING));
	CHECK(forbids(&L, 3, LABEL_PARAGRAPH) && forbids(&L, 4, LABEL_PARAGRAPH) &&
	      forbids(&L, 4, LABEL_HEADING) && !forbids(&L, 4, LABEL_HEADING_CONT));
	article_lines_free(&L);
	/* A speaker over the quote that heads a section; numbered captions
	 * and the credit under one. */
	const char *spread = "峡江新气象\n"
	                     "三峡大坝135米蓄水已有半年了，库区现状如何，记者近日坐船沿江看水，现场采访。\n"
	                     "库区船员老李：\n“现在跑船，心里踏实多了”\n"
	                     "老李说：\n“蓄水以后，航道宽了。”\n"
	                     "　　图①：江山10号轮驶离重庆朝天门码头。\n　　本报记者　范伟国摄\n";
	lines_of(&L, spread);
	CHECK(forbids(&L, 2, LABEL_PARAGRAPH) && forbids(&L, 3, LABEL_HEADING));
	CHECK(!forbids(&L, 4, LABEL_PARAGRAPH) && !forbids(&L, 5, LABEL_HEADING));
	CHECK(forbids(&L, 6, LABEL_PARAGRAPH) && !forbids(&L, 6, LABEL_CAPTION));
	CHECK(forbids(&L, 7, LABEL_PARAGRAPH) && !forbids(&L, 7, LABEL_CREDIT));
	article_lines_free(&L);
	/* front_head: after an e-paper's page label and column, the headline
	 * and the line of its shape under it. */
	lines_of(&L, "第3版()\n专栏：\n    坚持职工运动的正确路线\n\n　反对“左”倾冒险主义\n"
	             "　　编者按：北平、天津等城市相继解放后，党的中心任务是恢复与发展生产。\n");
	CHECK(L.v[0].front && L.v[1].front);
	CHECK(forbids(&L, 2, LABEL_PARAGRAPH) && forbids(&L, 2, LABEL_HEADING) &&
	      !forbids(&L, 2, LABEL_TITLE));
	CHECK(forbids(&L, 4, LABEL_PARAGRAPH) && forbids(&L, 4, LABEL_HEADING) &&
	      !forbids(&L, 4, LABEL_TITLE_CONT) && !forbids(&L, 4, LABEL_SUBTITLE));
	CHECK(!forbids(&L, 5, LABEL_PARAGRAPH));
	article_lines_free(&L);
	/* by_name: `By` alone over a name; not over a sentence. */
	lines_of(&L, "Mother and son found dead\n\nBy \nAnna Edwards\n\n"
	             "Police have found a mother and son dead.\n\nBy\nthe time police came, it was late.\n");
	CHECK(forbids(&L, 2, LABEL_PARAGRAPH) && !forbids(&L, 2, LABEL_BYLINE));
	CHECK(forbids(&L, 3, LABEL_PARAGRAPH) && !forbids(&L, 3, LABEL_BYLINE_CONT));
	CHECK(!forbids(&L, 7, LABEL_PARAGRAPH) && !forbids(&L, 8, LABEL_PARAGRAPH_CONT));
	article_lines_free(&L);
	/* Rules that leave a line no class the lines before allow it are
	 * dropped for that line, not the path: every line gets a class, the
	 * others keep theirs. */
	lines_of(&L, "北市推動老屋健檢\n\n台北市政府今天宣布，將擴大補助老屋健檢。\n\n"
	             "市府表示，申請人可以上網登記。\n");
	CHECK(article_decode(&L, &article_weights, NULL) == DOCCONV_OK);
	article_label first = L.v[0].label, last = L.v[4].label;
	L.v[2].forbid = (1u << ARTICLE_N_LABELS) - 1;
	CHECK(article_decode(&L, &article_weights, NULL) == DOCCONV_OK);
	CHECK((unsigned)L.v[2].label < ARTICLE_N_LABELS);
	CHECK(L.v[0].label == first && L.v[4].label == last);
	article_lines_free(&L);
	lines_of(&L, "第2版(要闻)\n1、某某某某某\n2、某某某某\n"
	             "　　正文第一段，记者今天获悉，有关情况如下。\n");
	CHECK(article_decode(&L, &article_weights, NULL) == DOCCONV_OK);
	CHECK(L.v[0].label == LABEL_PARAGRAPH && L.v[1].label == LABEL_HEADING &&
	      L.v[2].label == LABEL_HEADING && L.v[3].label == LABEL_PARAGRAPH);
	article_lines_free(&L);
	/* numbered_heads: a sequence of numbered short lines are subheads;
	 * a numbered sentence or a lone number is not one. */
	const char *nums = "值得一赌的自由球员\n"
	                   "　　1、贾马尔-克劳福德\n　　年龄：38，位置：后卫。\n"
	                   "　　2、罗德尼-胡德\n　　年龄：26，位置：前锋。\n"
	                   "　　3、今年他场均得到10分，表现稳定。\n";
	lines_of(&L, nums);
	CHECK(forbids(&L, 1, LABEL_PARAGRAPH) && forbids(&L, 3, LABEL_PARAGRAPH) &&
	      forbids(&L, 3, LABEL_TITLE));
	CHECK(!forbids(&L, 5, LABEL_PARAGRAPH) && !forbids(&L, 2, LABEL_PARAGRAPH));
	article_lines_free(&L);
	lines_of(&L, "标题\n　　3、罗德尼-胡德\n　　年龄：26。\n");
	CHECK(!forbids(&L, 1, LABEL_PARAGRAPH));
	article_lines_free(&L);
	/* list_item: lines opening with a list's mark, side by side, are
	 * items of their own; a lone dash opens nothing. */
	const char *list = "She must:\n\n- Spend three years on probation\n"
	                   " - Do 100 hours community service\n"
	                   " - Pay a fine\n\nThe judge said the terms were fair and\n"
	                   "- as she put it - overdue.\n";
	lines_of(&L, list);
	CHECK(forbids(&L, 2, LABEL_PARAGRAPH_CONT) && forbids(&L, 3, LABEL_PARAGRAPH_CONT) &&
	      forbids(&L, 4, LABEL_PARAGRAPH_CONT));
	CHECK(!forbids(&L, 7, LABEL_PARAGRAPH_CONT));
	article_lines_free(&L);
	/* A Chinese subhead may have a comma. */
	const char *zh = "答谢宴细节\n\n宾客近百人，获赠礼物\n\n"
	                 "记者了解到，出席答谢宴的宾客近百人。\n\n"
	                 "据介绍，今年全市计划改造老旧小区一百二十个。\n";
	lines_of(&L, zh);
	CHECK(forbids(&L, 2, LABEL_PARAGRAPH_CONT) && forbids(&L, 4, LABEL_PARAGRAPH_CONT));
	CHECK(!forbids(&L, 6, LABEL_PARAGRAPH_CONT));
	article_lines_free(&L);
}

/* The language from the letters: scripts, the letters one language of a
 * script has, a Latin language's short words. */
static void test_langs(void)
{
	static const struct {
		const char *text, *lang;
	} cases[] = {
		{ "国务院总理今天在人民大会堂作政府工作报告。", "zh" },
		{ "行政院今天通過明年度總預算案，國防經費較今年增加。", "zh-Hant" },
		{ "The council voted on Tuesday to approve the budget for the year.", "en" },
		{ "El presidente del Gobierno anunció este martes un plan para reducir "
		  "los precios, según informó la agencia y los medios.", "es" },
		{ "Le gouvernement a annoncé mardi un plan pour les prix de l'énergie, "
		  "qui est dans les journaux et une mesure pour avec.", "fr" },
		{ "Die Regierung hat am Dienstag einen Plan vorgestellt, der nicht mit "
		  "den Preisen und von der Energie auf eine Weise spricht.", "de" },
		{ "Правительство объявило новый план по снижению цен.", "ru" },
		{ "Уряд оголосив новий план щодо зниження цін на енергію.", "uk" },
		{ "أعلنت الحكومة خطة جديدة لخفض أسعار الطاقة.", "ar" },
		{ "دولت برنامه جدیدی برای کاهش قیمت انرژی اعلام کرد و گفت که پس از آن اجرا می‌شود.", "fa" },
		{ "حکومت نے توانائی کی قیمتیں کم کرنے کا نیا منصوبہ پیش کیا ہے۔", "ur" },
		{ "הממשלה הודיעה על תוכנית חדשה.", "he" },
		{ "सरकार ने नई योजना की घोषणा की।", "hi" },
		{ "รัฐบาลประกาศแผนใหม่เพื่อลดราคาพลังงาน", "th" },
		{ "Η κυβέρνηση ανακοίνωσε νέο σχέδιο.", "el" },
		{ "政府は新しい計画を発表しました。", "ja" },
		{ "정부는 새로운 계획을 발표했다.", "ko" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
		CHECK_STR(article_detect_lang(cases[k].text, strlen(cases[k].text)), cases[k].lang);
	/* A sentence of another script ends at its own stop. */
	CHECK(ends("यह योजना अगले महीने से लागू होगी।"));
	CHECK(ends("هل ستنجح الخطة؟"));
	CHECK(!ends("सरकार ने नई योजना की घोषणा की"));
}

/* The weights table was made for the features this reader computes. */
static void test_weights(void)
{
	CHECK(article_weights.features_hash == article_features_hash());
	char name[64];
	CHECK_STR(article_feature_name(FEAT_E_STOP, name, sizeof name), "e.stop");
	CHECK_STR(article_feature_name(FEAT_E_STOP + ARTICLE_DOMAIN_FLAT * ARTICLE_N_BASE_FEATURES,
	                               name, sizeof name), "e.stop&flat");
	CHECK(article_edge_base(EDGE_BB_1) == FEAT_BB_1);
}

int main(void)
{
	test_words();
	test_known_names();
	test_credits();
	test_bylines();
	test_sentence_ends();
	test_datelines();
	test_mastheads();
	test_fields();
	test_weights();
	test_langs();
	test_decoder_rules();
	test_split();
	test_segmented();
	test_flattened();
	return check_report("test_lines");
}
