// The words of the server's own pages that residents meet (an /authorize error that cannot go
// back to the application, the sign-in page opened without a sign-in), in every page language.
// Plain words and what to do next; codes only in small print. The home page is for integrators
// and stays in English.
import type { PageLanguage } from './languages.js';

/** Why an authorization request stopped on a page instead of going back to the application. */
export type ErrorSituation = 'unknown_application' | 'unregistered_return_address' | 'malformed_request';

export interface PageMessages {
  brandSub: string;
  error: {
    title: string;
    situations: Record<ErrorSituation, string>;
    nextStep: string;
    codeLabel: string;
  };
  noTransaction: {
    title: string;
    what: string;
    why: string;
    nextStep: string;
  };
}

const en: PageMessages = {
  brandSub: 'National digital identity',
  error: {
    title: 'We could not start your sign-in',
    situations: {
      unknown_application:
        'The application that sent you here is not registered with this sign-in service, or it is no longer active.',
      unregistered_return_address:
        'The application asked to send you back to an address it has not registered with this sign-in service. To keep you safe, we stopped here and nothing was shared.',
      malformed_request: 'The sign-in request from the application was incomplete or not in the expected format.',
    },
    nextStep:
      'Go back to the application and try again. If it keeps happening, contact the application’s support team.',
    codeLabel: 'Error code',
  },
  noTransaction: {
    title: 'This page opens from an application',
    what: 'This is the sign-in page of Signet, the national digital identity service. Applications send you here when you choose their “Sign in with Signet” button, and tell this page who is asking and what they need.',
    why: 'This page was opened on its own, without a sign-in request, so there is nothing to sign in to yet.',
    nextStep: 'Go to the application or website you want to use and choose its sign-in button.',
  },
};

const fr: PageMessages = {
  brandSub: 'Identité numérique nationale',
  error: {
    title: 'Nous n’avons pas pu démarrer votre connexion',
    situations: {
      unknown_application:
        'L’application qui vous a envoyé ici n’est pas enregistrée auprès de ce service de connexion, ou elle n’est plus active.',
      unregistered_return_address:
        'L’application a demandé à vous renvoyer vers une adresse qu’elle n’a pas enregistrée auprès de ce service de connexion. Pour votre sécurité, nous nous sommes arrêtés ici et rien n’a été partagé.',
      malformed_request: 'La demande de connexion de l’application était incomplète ou n’avait pas le format attendu.',
    },
    nextStep:
      'Retournez dans l’application et réessayez. Si le problème persiste, contactez l’assistance de l’application.',
    codeLabel: 'Code d’erreur',
  },
  noTransaction: {
    title: 'Cette page s’ouvre depuis une application',
    what: 'Ceci est la page de connexion de Signet, le service d’identité numérique nationale. Les applications vous envoient ici lorsque vous choisissez leur bouton « Se connecter avec Signet », et indiquent à cette page qui fait la demande et ce dont elle a besoin.',
    why: 'Cette page a été ouverte seule, sans demande de connexion : il n’y a donc encore rien à quoi se connecter.',
    nextStep:
      'Allez dans l’application ou sur le site que vous souhaitez utiliser et choisissez son bouton de connexion.',
  },
};

const km: PageMessages = {
  brandSub: 'អត្តសញ្ញាណឌីជីថលជាតិ',
  error: {
    title: 'យើងមិនអាចចាប់ផ្ដើមការចូលប្រើរបស់អ្នកបានទេ',
    situations: {
      unknown_application: 'កម្មវិធីដែលបានបញ្ជូនអ្នកមកទីនេះ មិនបានចុះឈ្មោះជាមួយសេវាចូលប្រើនេះទេ ឬលែងដំណើរការហើយ។',
      unregistered_return_address:
        'កម្មវិធីបានស្នើឱ្យបញ្ជូនអ្នកត្រឡប់ទៅអាសយដ្ឋានមួយ ដែលវាមិនបានចុះឈ្មោះជាមួយសេវាចូលប្រើនេះ។ ដើម្បីសុវត្ថិភាពរបស់អ្នក យើងបានបញ្ឈប់នៅទីនេះ ហើយគ្មានព័ត៌មានណាមួយត្រូវបានចែករំលែកទេ។',
      malformed_request: 'សំណើចូលប្រើពីកម្មវិធី មិនពេញលេញ ឬមិនមានទម្រង់ដូចការរំពឹងទុក។',
    },
    nextStep: 'សូមត្រឡប់ទៅកម្មវិធីវិញ ហើយព្យាយាមម្ដងទៀត។ ប្រសិនបើបញ្ហានេះនៅតែកើតឡើង សូមទាក់ទងក្រុមជំនួយរបស់កម្មវិធី។',
    codeLabel: 'លេខកូដកំហុស',
  },
  noTransaction: {
    title: 'ទំព័រនេះបើកចេញពីកម្មវិធីមួយ',
    what: 'នេះជាទំព័រចូលប្រើរបស់ Signet ដែលជាសេវាអត្តសញ្ញាណឌីជីថលជាតិ។ កម្មវិធីនានាបញ្ជូនអ្នកមកទីនេះ នៅពេលអ្នកជ្រើសរើសប៊ូតុង «ចូលប្រើជាមួយ Signet» របស់ពួកគេ ហើយប្រាប់ទំព័រនេះថាអ្នកណាជាអ្នកស្នើសុំ និងត្រូវការអ្វីខ្លះ។',
    why: 'ទំព័រនេះត្រូវបានបើកដោយឡែក ដោយគ្មានសំណើចូលប្រើ ដូច្នេះមិនទាន់មានអ្វីសម្រាប់ចូលប្រើនៅឡើយទេ។',
    nextStep: 'សូមចូលទៅកាន់កម្មវិធី ឬគេហទំព័រដែលអ្នកចង់ប្រើ ហើយជ្រើសរើសប៊ូតុងចូលប្រើរបស់វា។',
  },
};

const ar: PageMessages = {
  brandSub: 'الهوية الرقمية الوطنية',
  error: {
    title: 'تعذّر علينا بدء تسجيل دخولك',
    situations: {
      unknown_application: 'التطبيق الذي أرسلك إلى هنا غير مسجَّل لدى خدمة تسجيل الدخول هذه، أو لم يعد مفعَّلًا.',
      unregistered_return_address:
        'طلب التطبيق إعادتك إلى عنوان لم يسجّله لدى خدمة تسجيل الدخول هذه. حفاظًا على أمانك، توقفنا هنا ولم تتم مشاركة أي معلومات.',
      malformed_request: 'طلب تسجيل الدخول الوارد من التطبيق غير مكتمل أو ليس بالصيغة المتوقعة.',
    },
    nextStep: 'عُد إلى التطبيق وحاول مرة أخرى. إذا تكررت المشكلة، فتواصل مع فريق الدعم الخاص بالتطبيق.',
    codeLabel: 'رمز الخطأ',
  },
  noTransaction: {
    title: 'تُفتح هذه الصفحة من خلال تطبيق',
    what: 'هذه صفحة تسجيل الدخول إلى Signet، خدمة الهوية الرقمية الوطنية. ترسلك التطبيقات إلى هنا عندما تختار زر «تسجيل الدخول باستخدام Signet»، وتُعلم هذه الصفحة بمن يطلب ذلك وبما يحتاج إليه.',
    why: 'فُتحت هذه الصفحة وحدها، دون طلب لتسجيل الدخول، لذا لا يوجد بعدُ ما يمكن تسجيل الدخول إليه.',
    nextStep: 'انتقل إلى التطبيق أو الموقع الذي تريد استخدامه واختر زر تسجيل الدخول فيه.',
  },
};

export const PAGE_MESSAGES: Record<PageLanguage, PageMessages> = { en, fr, km, ar };
