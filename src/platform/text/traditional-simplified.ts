/**
 * Traditional → simplified Chinese folding table: the characters customers commonly type in a help desk
 * (orders, delivery, payment, accounts, after-sales) plus the frequent characters of everyday writing.
 *
 * How it was made: typed by hand for Kefu from a writer's knowledge of the standard simplification and of
 * Taiwan/Hong Kong everyday usage (no conversion table was copied), grouped by the component that is
 * simplified, then checked by `normalize.test.ts` (no duplicate keys, no identity pairs, no output
 * that is itself a key, so folding once is enough) and against the traditional-character queries of the
 * zh-faq dev set. It is deliberately character-to-character: phrase-level conversions (頭髮 → 头发 vs
 * 發現 → 发现) are not needed for search, because documents and queries are folded the same way; where
 * several traditional characters share one simplified form (發/髮 → 发, 乾/幹 → 干, 後 → 后) folding to
 * that form is exactly what search wants.
 *
 * A few simplified variants are folded too (帐 → 账, 麽 → 么), so a traditional 帳號 and a simplified
 * 帐号 or 账号 all meet on one form. Extending the table changes search terms: bump SEARCH_TEXT_VERSION
 * (index.ts) so stored documents are re-indexed.
 *
 * Each entry is a traditional character followed by its simplified form; entries are separated by spaces.
 */
const PAIRS = [
  // 言 → 讠
  '說说 説说 話话 語语 請请 謝谢 讓让 認认 識识 該该 設设 計计 記记 訂订 議议 論论 證证 評评 讀读 課课 調调 談谈',
  '講讲 詢询 詳详 試试 詞词 譯译 誤误 誰谁 誠诚 詐诈 訊讯 訪访 託托 訓训 訴诉 診诊 註注 誌志 誇夸 詠咏 訣诀 訝讶',
  '誕诞 誘诱 諒谅 諸诸 謙谦 謠谣 謊谎 謎谜 譜谱 諾诺 謀谋 諧谐 謹谨 諮咨 譽誉 讚赞 護护 變变 許许 討讨 詩诗 誼谊',
  '譏讥 譴谴 謂谓 諺谚 諷讽 謬谬 豈岂',
  // 糸 → 纟
  '紅红 級级 約约 經经 給给 絕绝 統统 維维 網网 總总 練练 組组 細细 終终 織织 續续 纜缆 縮缩 繫系 紀纪 純纯 納纳',
  '紛纷 緊紧 編编 緣缘 繳缴 綁绑 線线 綫线 紙纸 結结 絲丝 綠绿 緒绪 縱纵 繩绳 繪绘 繼继 紡纺 紋纹 糾纠 絞绞 絡络',
  '絨绒 綜综 綢绸 綱纲 締缔 緩缓 緯纬 縫缝 縷缕 績绩 繞绕 纏缠 纖纤 繡绣 紮扎 縣县 紐纽 紹绍 緻致 纔才',
  // 金 → 钅
  '銀银 錢钱 鐵铁 鋪铺 銷销 鎖锁 鏈链 鍵键 錶表 針针 鈕钮 鈴铃 鋼钢 錄录 鏡镜 鍋锅 銳锐 鑰钥 鑽钻 錯错 鐘钟 鍾钟',
  '釘钉 釣钓 鈣钙 鉛铅 銘铭 銜衔 鋸锯 錘锤 錫锡 鍍镀 鎊镑 鑄铸 鏽锈 鍛锻 鎮镇 錦锦 鋒锋 銅铜 鉤钩 鈍钝 鋁铝 鈔钞',
  '鏟铲 鑑鉴 鑒鉴',
  // 門 → 门
  '門门 問问 間间 閉闭 閃闪 閱阅 闊阔 闖闯 閒闲 閑闲 聞闻 闆板 關关 閣阁 開开 閥阀 閩闽 闡阐 閘闸 闢辟 閏闰 閨闺',
  '悶闷 鬧闹',
  // 貝 → 贝
  '貝贝 貨货 費费 貴贵 買买 賣卖 賠赔 購购 貼贴 資资 質质 賽赛 負负 責责 賬账 贈赠 賺赚 貸贷 賀贺 寶宝 實实 賞赏',
  '財财 販贩 貿贸 賜赐 贊赞 賴赖 貪贪 貫贯 貢贡 賤贱 賦赋 賢贤 贖赎 賓宾 貞贞 貶贬 賄贿 賈贾 賊贼 賭赌 贓赃 贏赢',
  '敗败 則则 側侧 測测 廁厕 員员 圓圆 損损 韻韵',
  // 馬 → 马
  '馬马 騙骗 驗验 駕驾 騎骑 驚惊 駐驻 驅驱 駁驳 駛驶 騷骚 驟骤 騰腾 駒驹 騾骡 驢驴 驕骄 媽妈 嗎吗 碼码 罵骂',
  // 車 → 车
  '車车 輛辆 輸输 輪轮 軟软 較较 載载 輕轻 軌轨 轉转 輯辑 輔辅 軸轴 軒轩 輩辈 轎轿 轄辖 軍军 連连 庫库 陣阵 運运',
  '揮挥 渾浑 輝辉 暫暂 慚惭 斬斩 漸渐 軀躯',
  // 食 → 饣, 魚 → 鱼, 鳥 → 鸟
  '飯饭 飲饮 館馆 餓饿 餘余 餅饼 飽饱 饋馈 餃饺 餡馅 饅馒 飼饲 飾饰 飢饥 饑饥 餵喂',
  '魚鱼 鮮鲜 鯉鲤 鯨鲸 鮑鲍 鯊鲨 漁渔 鳥鸟 雞鸡 鴨鸭 鳴鸣 鴉鸦 鵬鹏 鴿鸽 鵝鹅 鶴鹤 鷹鹰 鳳凤 鴻鸿',
  // 頁 → 页, 見 → 见, 風 → 风, 韋 → 韦
  '頁页 順顺 須须 預预 領领 頻频 顧顾 額额 題题 類类 顏颜 願愿 頓顿 頂顶 項项 頭头 顯显 頌颂 頑顽 頹颓 顫颤 頒颁',
  '頗颇 頰颊 顆颗 頸颈 煩烦',
  '見见 規规 視视 覺觉 親亲 觀观 覽览 覓觅 現现',
  '風风 颳刮 颯飒 飄飘 颱台 飛飞 韓韩 偉伟 圍围 違违 衛卫',
  // 亻, 儿, 冂, 刀, 力
  '個个 們们 億亿 價价 儀仪 優优 償偿 僅仅 儲储 傳传 債债 傷伤 倉仓 俠侠 係系 佈布 佔占 倆俩 傘伞 備备 傢家 僕仆',
  '兒儿 內内 兩两 兇凶 兌兑 冊册 凍冻 劃划 劇剧 剛刚 創创 刪删 別别 彆别 剎刹 劍剑',
  '勞劳 務务 動动 勝胜 勢势 勁劲 勵励 卻却 參参 厲厉 叢丛 華华 協协 區区 醫医 歲岁 歷历 曆历',
  // 口, 囗, 土, 大, 女, 子, 宀, 寸, 尸, 山, 巾, 广, 弓, 彳
  '吳吴 啟启 啓启 單单 嚴严 噸吨 嘗尝 嚐尝 噴喷 嘆叹 歎叹 喚唤 嚇吓 囉啰 嘩哗 唄呗 唸念 啞哑 喪丧 喬乔 嗚呜 嘍喽',
  '嘰叽 噁恶 噓嘘 喫吃 園园 圖图 團团 糰团 國国 執执 堅坚 報报 場场 塊块 壞坏 墊垫 塵尘 墜坠 壯壮 壽寿 牆墙 壓压',
  '夠够 夢梦 奪夺 奮奋 夾夹 奧奥 婦妇 妝妆 娛娱 嬰婴 婁娄 妳你 學学 孫孙 寧宁 審审 寫写 寬宽 寢寝 宮宫',
  '對对 導导 尋寻 將将 專专 層层 屬属 屍尸 屜屉 屆届 島岛 嶺岭 嶄崭 岡冈',
  '幫帮 帶带 幣币 師师 帳账 帥帅 幀帧 廠厂 廣广 廳厅 廢废 廟庙 廂厢 廚厨 慶庆 應应',
  '張张 強强 彈弹 彎弯 徑径 從从 徵征 徹彻 禦御 後后',
  // 心, 戈, 手
  '態态 愛爱 憂忧 懷怀 戀恋 惡恶 慣惯 懶懒 恆恒 悅悦 惱恼 慘惨 慮虑 憐怜 憤愤 懇恳 懲惩 懸悬 憑凭 戲戏 戰战 戶户',
  '據据 擁拥 擊击 擔担 搶抢 掃扫 揚扬 換换 撥拨 擇择 擴扩 攜携 擬拟 搖摇 擋挡 攝摄 揀拣 撐撑 擠挤 攤摊 摟搂 撲扑',
  '掛挂 採采 拋抛 擺摆 擾扰 攏拢 攔拦 撈捞 撫抚 撿捡 搗捣 摯挚 挾挟 捨舍 掙挣 擡抬 擲掷 攪搅 攬揽 捲卷',
  // 耳, 肉, 臼, 艸
  '聽听 聯联 聲声 職职 聰聪 聳耸 腦脑 膚肤 臉脸 腳脚 體体 脫脱 腫肿 脹胀 膽胆 膠胶 臟脏 髒脏 膩腻 膿脓 脅胁',
  '興兴 舊旧 與与 舉举',
  '藥药 蘋苹 萬万 葉叶 著着 蓋盖 蘭兰 薦荐 藝艺 蘆芦 蓮莲 莊庄 蔥葱 薑姜 蔔卜 蕩荡 盪荡 蕭萧 蘊蕴 蘿萝 薩萨 蔣蒋',
  '葦苇 萊莱 荊荆 莖茎 葷荤 藍蓝 蘇苏 甦苏',
  // 虍, 虫, 行, 衣
  '處处 號号 虛虚 虧亏 虜虏 蟲虫 蝦虾 蟻蚁 蠟蜡 蠶蚕 蝕蚀 蛻蜕 蝸蜗 螞蚂 蟬蝉 蠅蝇',
  '術术 衝冲 沖冲 複复 復复 製制 襪袜 褲裤 襯衬 襖袄 裝装 補补 裡里 裏里',
  // 木, 水, 火, 犬, 玉
  '業业 樂乐 樓楼 標标 樣样 檢检 權权 橫横 機机 櫃柜 構构 樹树 極极 楊杨 檔档 棟栋 棧栈 楓枫 榮荣 槍枪 樁桩 橋桥',
  '櫻樱 欄栏 棄弃 柵栅 樑梁 條条 東东 來来 檯台 臺台',
  '湯汤 溝沟 滅灭 滿满 漢汉 濕湿 灣湾 潔洁 澤泽 濟济 淺浅 減减 漲涨 潤润 渦涡 淚泪 湧涌 滬沪 潛潜 濱滨 瀋沈 灑洒',
  '瀏浏 濾滤 滾滚 淨净 凈净 涼凉 溫温 潑泼 潰溃 澀涩 濃浓 濺溅 灘滩 汙污 氾泛 洩泄 決决 況况 沒没 匯汇 彙汇 濛蒙',
  '無无 煙烟 熱热 燈灯 爐炉 營营 燒烧 煉炼 爛烂 烏乌 煥焕 燙烫 燦灿 燭烛 點点 為为 爲为',
  '獨独 獎奖 猶犹 獲获 穫获 獅狮 獸兽 狀状 獻献 狹狭 貓猫 豬猪 牠它 環环 瑣琐 瑪玛',
  // 田, 疒, 癶, 皿, 目, 石, 示, 禾, 穴, 立, 竹, 米, 网, 羽, 羊
  '產产 畫画 當当 疊叠 畢毕 異异 畝亩 瘋疯 療疗 癢痒 瘡疮 癒愈 癡痴 癥症 發发 髮发',
  '盡尽 儘尽 監监 盤盘 盜盗 盞盏 盧卢 盃杯 睏困 睜睁 矇蒙 礙碍 確确 礎础 礦矿 碩硕',
  '禮礼 禍祸 祿禄 禪禅 禱祷 祕秘 離离 種种 積积 穩稳 稅税 稱称 穀谷 窮穷 窩窝 竊窃 窯窑 竄窜 競竞',
  '筆笔 節节 範范 簡简 簽签 籤签 築筑 籃篮 筍笋 箋笺 箏筝 篩筛 簾帘 籠笼 糧粮 糞粪 粵粤',
  '罰罚 罷罢 羅罗 罈坛 壇坛 習习 翹翘 義义 羨羡 聖圣 肅肃 艱艰 艦舰 艙舱 艷艳 豔艳 豐丰 豎竖',
  // 走, 足, 辵, 邑, 酉, 釆, 長, 阜, 隹, 雨, 青, 音, 髟, 鬥, 麥, 黃, 黑, 齊, 齒, 龍, 龜
  '趕赶 趨趋 趙赵 跡迹 蹤踪 躍跃 踐践 農农',
  '這这 進进 過过 還还 邊边 遠远 適适 選选 遲迟 遞递 達达 遺遗 遙遥 遼辽 遜逊 邁迈 遷迁 遊游 週周 迴回',
  '鄉乡 郵邮 鄰邻 鄭郑 鄧邓 釋释 醬酱 釀酿 醜丑 長长',
  '陽阳 陰阴 隊队 際际 險险 隨随 隱隐 陳陈 陸陆 陝陕 隴陇 階阶 隸隶 雙双 雜杂 雖虽 難难 雛雏 隻只 衹只',
  '電电 雲云 霧雾 靈灵 靜静 響响 鬆松 鬥斗 鬍胡 鬱郁 麥麦 麵面 黃黄 黨党 黴霉 齊齐 齒齿 齡龄 齋斋 龍龙 龐庞 龜龟',
  // one simplified form for several traditional characters, and other frequent single characters
  '幾几 麼么 乾干 幹干 準准 數数 敵敌 斂敛 敘叙 斃毙 斷断 於于 時时 晝昼 曉晓 暈晕 暢畅 曬晒 書书 會会 朧胧',
  '歸归 殘残 殺杀 毀毁 歐欧 氣气 氫氢 爭争 爺爷 牽牵 犧牺 眾众 衆众 塗涂 嚮向 慾欲 摺折 剋克 齣出 硃朱 韆千',
  '鞦秋 彌弥 淒凄 衊蔑',
  // simplified variants folded onto one form
  '帐账 麽么',
];

/** Traditional (or variant) character → the simplified form search uses. */
export const TRADITIONAL_TO_SIMPLIFIED: ReadonlyMap<string, string> = new Map(
  PAIRS.flatMap((line) => line.split(' ')).map((pair) => {
    const [from, to] = [...pair];
    return [from!, to!] as const;
  }),
);

/** The raw entries, for the table's own consistency test. */
export const TRADITIONAL_SIMPLIFIED_ENTRIES: readonly string[] = PAIRS.flatMap((line) => line.split(' '));
