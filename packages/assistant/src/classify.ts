/**
 * Question classifiers: language, emergency, refusal and the kind of answer asked for. Regular
 * expressions over the folded text (so questions typed without diacritics match), plus a check on the
 * marked text where folding makes two words collide ("từ từ" slowly vs "tự tử" suicide).
 *
 * Emergency signs follow the public "call an ambulance" lists of the Vietnamese MOH (115 is the
 * national emergency number) and the NHS ("Call 999 if…": chest pain, stroke signs FAST, severe
 * difficulty breathing, heavy bleeding, a child not breathing, suicidal intent, seizures, collapse).
 */
import { fold, hasVietnameseMarks, tokenize } from './normalize.ts';

export type Lang = 'vi' | 'en';
export type LangGuess = Lang | 'other';

const VI_MARKERS = new Set(
  `khong gi bao nhieu may gio o dau cua toi benh vien co duoc nao la cho xin hoi kham thuoc nha phong gia tien ngay nguoi tre em anh chi
   thi vay sao lam can phai bi dang muon hay voi nhung cac mot ve den di tu tai trong sau truoc luc khi nay duoc`.split(/\s+/),
);
const EN_MARKERS = new Set(
  `the a an is are do does what where when how which who can could should i my me you your of to in on at for with and or it this that
   there much many long hospital open time cost price much`.split(/\s+/),
);
// Words that mark a third language written in Latin letters (French, Spanish, German, Indonesian…).
const OTHER_MARKERS = new Set(
  `est quel quelle combien ou hopital les des pour avec je vous ouvert cuanto cuesta donde esta que el los las por para hay wie viel kostet wo ist das
   der die und ich krankenhaus berapa apa dimana rumah sakit bisa saya adalah ini itu yang dan quanto custa onde voce obrigado per favore dove`.split(/\s+/),
);

/** vi, en, or another language (answered with the list of languages the assistant speaks). */
export function detectLanguage(q: string): LangGuess {
  if (/[\u0400-\u04ff\u0590-\u06ff\u0e00-\u0eff\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(q)) return 'other';
  const toks = tokenize(q);
  let vi = 0;
  let en = 0;
  let other = 0;
  for (const t of toks) {
    if (VI_MARKERS.has(t)) vi++;
    if (EN_MARKERS.has(t)) en++;
    if (OTHER_MARKERS.has(t)) other++;
  }
  // French or Portuguese carry marks too (ô, é, ã): marker words decide before the marks do.
  if (other >= 2 && other > en && other > vi) return 'other';
  if (hasVietnameseMarks(q)) return 'vi';
  if (/[ñüöäßç¿¡]/i.test(q)) return 'other';
  return en > vi ? 'en' : 'vi';
}

export type EmergencySign = 'chest_pain' | 'stroke' | 'breathing' | 'bleeding' | 'child_not_breathing' | 'suicide' | 'seizure' | 'unconscious' | 'poisoning' | 'trauma';

const EMERGENCY: [EmergencySign, RegExp][] = [
  ['chest_pain', /\b(dau (that |tuc |nhoi )?nguc|nguc (dau|tuc|bi de|nhu bi de)|tuc nguc|nhoi nguc|that nguc|chest (pain|pains|tightness|pressure)|pain in (my|his|her|the) chest|chest (hurts|is hurting)|heart attack|nhoi mau co tim)\b/],
  ['stroke', /\b(meo mieng|yeu (mot ben|tay chan|nua than)|te (mot ben|nua mat|nua than)|lech mat|khong noi duoc|liet (tay|chan|mat)|meo mat|lech mieng|yeu nua nguoi|liet nua nguoi|te nua nguoi|noi kho|noi ngong|noi lap bap|dot quy|tai bien|khong nhac (len )?duoc|stroke|face (is )?droop|drooping|slurred speech|slurring|(arm|leg|side) (is )?(weak|numb)|weakness (in|on) (one|his|her|my) (side|arm|leg)|can'?t (lift|raise|move) (his|her|my) (arm|leg)|cannot (lift|raise|move) (his|her|my) (arm|leg))\b/],
  ['breathing', /\b(kho tho|khong tho duoc|tho khong duoc|khong tho noi|tho hon hen|tho khong noi|tho doc|ngat tho|tho gap|tho rit|hut hoi|nghet tho|hoc di vat|can'?t breathe|cannot breathe|unable to breathe|difficulty breathing|trouble breathing|struggling to breathe|short(ness)? of breath|gasping|choking)\b/],
  ['bleeding', /\b((chay|ra|mat|bang) mau (nhieu|khong (cam|ngung|dung))|(chay|ra|mat) mau (\w+ ){1,2}(nhieu|khong (cam|ngung|dung))|(chay|ra|mat) (rat )?nhieu mau|mau chay (nhieu|khong ngung|khong cam|xoi xa)|xuat huyet|haemorrhag\w*|hemorrhag\w*|blood everywhere|bang huyet|bleeding (heavily|a lot|badly|profusely|severely|won'?t stop|that won'?t stop)|heavy bleeding|severe bleeding|bleeding heavy|lots of blood|losing (a lot of )?blood|vomiting blood|non ra mau|ho ra mau)\b/],
  ['child_not_breathing', /\b(ngung tho|ngung thở|khong (con )?tho|tim tai|not breathing|stopped breathing|isn'?t breathing|turning blue|turned blue|blue lips|ngung tim|no pulse|drowning|duoi nuoc)\b/],
  ['seizure', /\b(co giat|seizure|seizing|convulsion|convulsing|fitting)\b/],
  ['unconscious', /\b(bat tinh|ngat xiu|hon me|li bi|khong tinh|lethargic|very drowsy|very sleepy|hard to wake|unconscious|unresponsive|passed out|collapsed|won'?t wake up)\b/],
  ['poisoning', /\b(ngo doc|uong nham|uong qua lieu|uong (rat )?nhieu thuoc|nuot (phai )?(pin|thuoc|hoa chat|dong xu)|poison(ed|ing)?|overdose[d]?|swallowed (\w+ ){0,2}(bleach|pills|tablets|medicine|poison|battery|batteries|chemicals?))\b/],
  ['trauma', /\b(tai nan (giao thong|xe)|bi xe (dam|tong|can)|nga tu tren cao|dien giat|bong nang|car accident|road accident|hit by a (car|truck|motorbike)|fell from a height|electric shock|severe burn)\b/],
  ['suicide', /\b(muon chet|khong muon song|nghi den (cai chet|viec chet)|tu hai|tu lam hai|no reason to live|take my (own )?life|ending it all|end it all|ket lieu|tu ket lieu|kill (myself|himself|herself)|suicid\w*|end (my|his|her) life|want to die|wanna die|self[- ]harm|hurt myself|cat tay)\b/],
];

/** Emergency signs found in a question (empty when none). */
export function emergencySigns(q: string): EmergencySign[] {
  const f = fold(q);
  const found = EMERGENCY.filter(([, re]) => re.test(f)).map(([s]) => s);
  // "tự tử"/"tự sát" (suicide) fold onto "từ từ" (slowly): read them on the marked text when there is one.
  const marked = hasVietnameseMarks(q);
  if (!found.includes('suicide') && (marked ? /tự (tử|sát)/i.test(q.normalize('NFC')) : /\btu (tu|sat)\b/.test(f))) found.push('suicide');
  return found;
}

export type RefusalReason = 'diagnosis' | 'result' | 'medication';

const REFUSE: [RefusalReason, RegExp][] = [
  ['medication', /\b(lieu (luong|dung|thuoc)?|(uong|dung) (duoc )?thuoc( \w+){0,2} (duoc )?khong|thuoc( \w+){0,3} (co )?(uong|dung) duoc khong|uong (\w+ ){0,4}bao nhieu|(nen|co nen) (ngung|dung|bo|tang|giam|doi) (thuoc|uong)|(paracetamol|acetaminophen|ibuprofen|aspirin|amoxicillin|augmentin|panadol|efferalgan|hapacol|tylenol|advil|thuoc ha sot|thuoc ngu|khang sinh|antibiotics?|painkillers?|thuoc giam dau) (\w+ ){0,3}(bao nhieu|may vien|how much|how many)|how (much|many) (paracetamol|acetaminophen|ibuprofen|aspirin|amoxicillin|medicine|medication|syrup|antibiotics?|painkillers?)|bao nhieu (mg|ml|vien|gam|gram|giot|lan mot ngay|lan 1 ngay)|may (vien|vien thuoc|lan)|uong (thuoc )?gi|uong thuoc nao|dung thuoc (gi|nao)|thuoc (gi|nao) (de|cho|tri|chua)|nen (uong|dung|mua|tiem) (thuoc|khang sinh|\w+ (gi|nao))|co nen (uong|dung|tiem)|ke (don|thuoc) (cho|giup)|uong (khang sinh|paracetamol|ibuprofen|aspirin)|(how|what) (much|many) (mg|milligrams?|ml|millilit\w*|tablets?|pills?|capsules?|drops?|doses?|units?)|dose|dosage|dosing|what (medicine|medication|drug|antibiotic|pill)s? (should|can|do|to)|which (medicine|medication|drug|antibiotic|pill)s?|should i (take|give|use)|can i (take|give)|prescribe|recommend (a|an|some|me)? ?(medicine|medication|drug|antibiotic|pill))\b/],
  ['result', /\b(\d\S* ?(\w+ )?,? ?is (that|it|this) (bad|normal|high|low|dangerous|ok|okay|serious|too high|too low)|(sieu am|xet nghiem|chup \w+|noi soi|ket qua|chi so|dien tim)( \S+){0,12} (co (nguy hiem|sao|van de|dang lo|binh thuong|cao|thap)|nghia la gi)|\d+(?:[.,]\d+)? ?(mmol|mg\/dl|g\/l|mmhg|%|u\/l|ui\/l)\S* (co|la|thi) (cao|thap|binh thuong|nguy hiem|on)|is (a |my )?\w+( \w+)? (of )?\d+(?:[.,]\d+)? ?\S* (high|low|normal|ok|okay|dangerous)|ket qua .*(co sao|nghia la|the nao|binh thuong|cao|thap|xau|tot|nguy hiem)|chi so .*(nghia la|co sao|binh thuong|cao|thap)|doc (giup|ho) .*ket qua|giai thich .*ket qua|(my|the) (test |blood |lab |scan |x-ray |xray )?results? .*(mean|normal|high|low|bad|good|serious)|what does (my|this|the) .*(result|reading|level|value|number|report).* mean|interpret|is (my|this) .*(level|result|reading|value) (normal|high|low|ok|okay|bad))\b/],
  ['diagnosis', /\b(toi bi (benh )?gi|co phai (la |bi |mac )*(viem \w+|ung thu|soi|lao|cum|sot \w+|benh \w+|nhiem \w+|tieu duong|tram cam|u \w+|gout|gut|dot quy|suy \w+|soi \w+)|could (it|this|that) be|(is|could) (it|this|that) (a |an )?(sign|symptom) of|should i (be )?worr|co phai la (benh|bi)|(co )?(bi|mac) (benh |chung )?(ung thu|soi|sot xuat huyet|viem \w+|tieu duong|dai thao duong|cao huyet ap|huyet ap cao|lao|covid|tram cam|gut|gout|trao nguoc \w+|dau da day|benh tim|suy \w+|nhiem trung|di ung|hen|u \w+|benh \w+)( \w+)? (khong|roi|a|chua|phai khong)|bi benh gi|bi lam sao|bi sao vay|co phai (toi |em |con |chau )?(bi|mac)|co bi (ung thu|benh)|chan doan (giup|cho)|la (benh|trieu chung) gi|mac benh gi|what (do|does|did) (i|he|she|my \w+) have|what'?s wrong with (me|him|her|my)|do i have|does (he|she|my \w+) have|is (it|this) (cancer|serious|dangerous|an? \w+ infection)|diagnos\w*|what (illness|disease|condition) (do|does|is))\b/],
];

/** Why a question must be refused (the assistant does not diagnose, read results or prescribe). */
export function refusalReasons(q: string): RefusalReason[] {
  const f = fold(q);
  return REFUSE.filter(([, re]) => re.test(f)).map(([r]) => r);
}

export type AnswerType = 'time' | 'price' | 'location' | 'phone' | 'percent' | 'duration' | 'day';

const ASKS: [AnswerType, RegExp][] = [
  ['time', /\b(may gio|gio nao|luc nao|khi nao|bao gio|tu may|den may|truoc may|sau may|gio (mo|dong|lam|kham|tham|hanh chinh)|what time|when|opening hours|hours|open until|close at|closes|how early|how late|until when|schedule|lich)\b/],
  ['price', /\b(gia|bao nhieu tien|chi phi|phi|het bao nhieu|mat bao nhieu|tra bao nhieu|cost|costs|price|prices|fee|fees|how much|charge|charged|pay)\b/],
  ['location', /\b(o dau|cho nao|phong nao|nha nao|tang nao|quay nao|khu nao|di (the nao|den|toi)|nam o|vi tri|dia chi|where|which (room|building|floor|counter|desk|gate)|located|location|address|find the|how do i get)\b/],
  ['phone', /\b(so dien thoai|dien thoai|goi so|hotline|duong day nong|tong dai|lien he|phone|telephone|call|contact|number)\b/],
  ['percent', /\b(phan tram|bao nhieu %|ty le|muc huong|percent|percentage|%)/],
  ['duration', /\b(bao lau|may ngay|bao nhieu ngay|may tieng|bao nhieu tieng|bao nhieu phut|may phut|how long|how many (days|hours|minutes|weeks)|valid|validity|expire|thoi han|gia tri)\b/],
  ['day', /\b(ngay nao|thu may|hom nao|ngay may|nhung ngay|cac ngay|which days?|what days?|what day|days of|on which)\b/],
];

// Read on the folded text.
const HAS: Record<AnswerType, RegExp> = {
  time: /(?<![\d.,])\d{1,2}(?::\d{2}|h\d{0,2}|g\d{2})(?!\d)|\b\d{1,2} ?(am|pm|gio)\b|24\/24|24 ?(hours|gio|h)\b|24\/7/,
  price: /(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d])|\b\d+ ?(dong|vnd|k|nghin|ngan|trieu)\b|mien phi|\bfree\b/,
  location: /\b(nha \d+|tang \d+|tang tret|phong \d+|quay|toa|cong (phu|chinh|sau|truoc|so)|loi vao|building|floor|room|counter|gate|block|entrance|next to|behind|canh|ben canh)\b/,
  phone: /(?<!\d)(?:0|\+84)\d{2,3}[ .-]?\d{3,4}[ .-]?\d{3,4}(?!\d)|(?<![\d.,:])1\d{2,3}(?![\d.,:])/,
  percent: /\d+ ?%/,
  duration: /\b\d+ ?(ngay|thang|nam|tuan|gio|tieng|phut|days?|weeks?|months?|years?|hours?|minutes?)\b/,
  day: /\b(ngay \d+|thu (hai|ba|tu|nam|sau|bay|\d)|chu nhat|hang (thang|tuan|ngay)|moi (ngay|tuan|thang)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|daily|every day|weekends?|month)\b/,
};

/** What kinds of facts a question asks for (a time, a price, a place…). */
export function answerTypes(q: string): AnswerType[] {
  const f = fold(q);
  return ASKS.filter(([, re]) => re.test(f)).map(([t]) => t);
}

/** Whether a unit of text holds a fact of that kind. */
export function unitHas(type: AnswerType, text: string): boolean {
  return HAS[type].test(fold(text));
}
